import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  /** A stable Message-ID lets mail clients recognise a repeat of the same message. */
  messageId?: string;
}

/** Sends email over SMTP (SMTP_URL). npm start and the tests point it at a receiver on loopback. */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly logger = new Logger(Mailer.name);
  private transporter: Transporter | undefined;

  constructor(private readonly config: AppConfig) {}

  /** Resolves with the Message-ID once the server has accepted the message. */
  async send(message: MailMessage): Promise<string> {
    const info = await this.transport().sendMail({ from: this.config.mailFrom, ...message });
    this.logger.debug({ messageId: info.messageId, subject: message.subject }, 'mail sent');
    return info.messageId;
  }

  private transport(): Transporter {
    if (!this.config.smtpUrl) throw new Error('SMTP_URL is not set');
    // Pooled: one connection is reused for a burst of messages.
    this.transporter ??= nodemailer.createTransport(`${this.config.smtpUrl}${this.config.smtpUrl.includes('?') ? '&' : '?'}pool=true`);
    return this.transporter;
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }
}
