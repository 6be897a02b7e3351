import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig, SealedBox, type Language } from '@commonpurse/kernel';
import { Channel, EVENT_CATEGORY, type NotificationEvent } from '../../domain/notification-event';
import { OutboxRepository } from '../../persistence/outbox.repository';

export interface NotificationIntent {
  event: NotificationEvent;
  /** Identifies the happening being announced: with recipient and channel it makes the idempotency key. */
  eventId: string;
  recipient: { accountId: string | null; email: string; language: Language; name?: string };
  /** Ids and names the template needs; never secrets. */
  payload?: Record<string, string | number | boolean | null>;
  /** Values such as a link's token: stored encrypted, and forgotten once the message is final. */
  secrets?: Record<string, string>;
}

/**
 * How every module sends a message: it records the intent in the outbox inside its own
 * transaction, so the message exists exactly when the change it announces does.
 */
@Injectable()
export class Notifier {
  private readonly box: SealedBox;

  constructor(
    private readonly outbox: OutboxRepository,
    config: AppConfig,
  ) {
    this.box = new SealedBox(config.sessionSecret, 'notification-secrets');
  }

  async notify(manager: EntityManager, intents: NotificationIntent[]): Promise<void> {
    await this.outbox.insertMany(
      manager,
      intents.map((intent) => {
        const recipientKey = intent.recipient.accountId ?? intent.recipient.email.toLowerCase();
        return {
          idempotencyKey: `${intent.event}:${intent.eventId}:${recipientKey}:${Channel.Email}`,
          eventId: intent.eventId,
          eventType: intent.event,
          category: EVENT_CATEGORY[intent.event],
          channel: Channel.Email,
          recipientAccountId: intent.recipient.accountId,
          recipientAddress: intent.recipient.email,
          language: intent.recipient.language,
          payload: { ...(intent.payload ?? {}), name: intent.recipient.name ?? null },
          sealedSecrets: intent.secrets ? this.box.seal(JSON.stringify(intent.secrets)) : null,
        };
      }),
    );
  }

  /** For the worker: the secrets an intent carried. */
  openSecrets(sealed: string | null): Record<string, string> {
    return sealed ? (JSON.parse(this.box.open(sealed)) as Record<string, string>) : {};
  }
}
