import { Injectable } from '@nestjs/common';
import { Mailer, type MailMessage } from '@commonpurse/kernel';
import { EmailSender } from './email-sender';

@Injectable()
export class SmtpEmailSender extends EmailSender {
  constructor(private readonly mailer: Mailer) {
    super();
  }

  async send(message: MailMessage & { messageId: string }): Promise<string | null> {
    return this.mailer.send(message);
  }
}
