import type { MailMessage } from '@commonpurse/kernel';

/** Where email goes: SMTP by default, or GOV.UK Notify when an API key is configured. */
export abstract class EmailSender {
  /** Resolves with the provider's message id; rejects with the provider's error (see delivery-failure.ts). */
  abstract send(message: MailMessage & { messageId: string }): Promise<string | null>;
}
