import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import MailComposer from 'nodemailer/lib/mail-composer';
import { AppConfig } from '../config/app-config';
import { composeMessage, mailSender, type MailSender } from './mime-message';
import { SmtpPool } from './smtp-pool';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  /** A stable Message-ID lets mail clients recognise a repeat of the same message. */
  messageId?: string;
}

/**
 * SMTP connections kept open: as many as the messages the email processor sends at once, so
 * none waits for a connection and none stays idle.
 */
export const SMTP_POOL_SIZE = 16;

/** Sends email over SMTP (SMTP_URL). npm start and the tests point it at a receiver on loopback. */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly logger = new Logger(Mailer.name);
  private readonly sender: MailSender | undefined;
  private pool: SmtpPool | undefined;

  constructor(private readonly config: AppConfig) {
    this.sender = mailSender(config.mailFrom);
  }

  /** Resolves with the Message-ID once the server has accepted the message. */
  async send(message: MailMessage): Promise<string> {
    const messageId = message.messageId ?? `<${randomUUID()}@${this.sender?.address.split('@')[1] ?? 'commonpurse.localhost'}>`;
    const pool = this.smtp();
    const raw = this.sender && composeMessage(this.sender, { ...message, messageId });
    if (raw && this.sender) await pool.send({ from: this.sender.address, to: [message.to] }, raw);
    else {
      // What the fast path leaves alone (an internationalised address, say), nodemailer composes.
      const node = new MailComposer({ from: this.config.mailFrom, ...message, messageId }).compile();
      const envelope = node.getEnvelope();
      await pool.send({ from: envelope.from || '', to: envelope.to }, await node.build());
    }
    this.logger.debug({ messageId, subject: message.subject }, 'mail sent');
    return messageId;
  }

  private smtp(): SmtpPool {
    if (!this.config.smtpUrl) throw new Error('SMTP_URL is not set');
    this.pool ??= new SmtpPool(this.config.smtpUrl, SMTP_POOL_SIZE);
    return this.pool;
  }

  onModuleDestroy(): void {
    this.pool?.close();
  }
}
