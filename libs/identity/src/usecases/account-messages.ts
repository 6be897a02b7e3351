import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Language } from '@commonpurse/kernel';
import { NotificationEvent, Notifier } from '@commonpurse/notifications';
import { hashSecret } from '../domain/secret-token';
import type { EmailTokenPurpose } from '../persistence/email-token.entity';
import { EmailLinks } from './email-links';

interface Recipient {
  id: string;
  email: string;
  displayName: string;
  language: Language;
}

const LINK_EVENTS: Record<EmailTokenPurpose, NotificationEvent> = {
  verify_email: NotificationEvent.VerifyEmail,
  reset_password: NotificationEvent.PasswordReset,
};

/** The account emails, recorded in the notifications outbox inside the caller's transaction. */
@Injectable()
export class AccountMessages {
  constructor(
    private readonly links: EmailLinks,
    private readonly notifier: Notifier,
  ) {}

  /** Issues a new link (retiring older ones) and the email that carries it. */
  async sendLink(manager: EntityManager, account: Recipient, purpose: EmailTokenPurpose): Promise<void> {
    const secret = await this.links.issue(account.id, purpose, manager);
    await this.notifier.notify(manager, [
      {
        event: LINK_EVENTS[purpose],
        eventId: hashSecret(secret).slice(0, 32), // each link is its own event
        recipient: { accountId: account.id, email: account.email, language: account.language, name: account.displayName },
        secrets: { token: secret },
      },
    ]);
  }

  /** Someone tried to register with this address: tell its owner, rather than the person asking. */
  async alreadyRegistered(manager: EntityManager, account: Recipient): Promise<void> {
    await this.notifier.notify(manager, [
      {
        event: NotificationEvent.AlreadyRegistered,
        eventId: randomUUID(),
        recipient: { accountId: account.id, email: account.email, language: account.language, name: account.displayName },
      },
    ]);
  }
}
