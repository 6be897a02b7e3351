import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, type MailMessage } from '@commonpurse/kernel';
import { EmailSender } from '../../channels/email-sender';
import { PermanentDeliveryFailure, isPermanentSmtpFailure } from '../../domain/delivery-failure';
import { isOptional, type Category } from '../../domain/notification-event';
import { DeliveryRepository } from '../../persistence/delivery.repository';
import { OutboxRepository } from '../../persistence/outbox.repository';
import { PreferenceRepository } from '../../persistence/preference.repository';
import { Notifier } from '../notify/notifier';
import { NotificationRenderer } from './notification-renderer';

/** How long a worker holds the right to send one message; a worker that dies mid-send loses it after this. */
export const SEND_LEASE_MS = 20_000;

export type DeliveryOutcome = 'sent' | 'skipped' | 'already-final';

/** The send is under way elsewhere (another worker holds the lease): try again later. */
export class DeliveryInProgress extends Error {}

/**
 * Sends one outbox row by email, once. The delivery record's unique outbox id decides who may
 * send; the outcome (sent, failed with the reason, retried N times) is recorded on it.
 */
@Injectable()
export class DeliverEmailUseCase {
  private readonly logger = new Logger(DeliverEmailUseCase.name);
  private readonly messageIdDomain: string;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly preferences: PreferenceRepository,
    private readonly renderer: NotificationRenderer,
    private readonly notifier: Notifier,
    private readonly sender: EmailSender,
    config: AppConfig,
  ) {
    this.messageIdDomain = new URL(config.publicUrl).hostname;
  }

  /** `finalAttempt`: no retry will follow, so a temporary failure is recorded as failed. */
  async execute(command: { outboxId: string; finalAttempt: boolean }): Promise<DeliveryOutcome> {
    const row = await this.outbox.findById(command.outboxId);
    if (!row) throw new PermanentDeliveryFailure(`No outbox row ${command.outboxId}`);

    const claim = await this.deliveries.claim(row.id, SEND_LEASE_MS);
    if (!claim.claimed) {
      if (claim.status === 'sending') throw new DeliveryInProgress(`Outbox row ${row.id} is being sent by another worker`);
      return 'already-final';
    }

    if (row.recipientAccountId && isOptional(row.category as Category) && (await this.preferences.disabled(row.recipientAccountId)).has(row.category as Category)) {
      await this.deliveries.mark(row.id, 'skipped', `recipient turned off ${row.category}`, claim.attempts);
      await this.outbox.forgetSecrets(row.id);
      return 'skipped';
    }

    let message: MailMessage;
    try {
      message = this.renderer.render(row, this.notifier.openSecrets(row.sealedSecrets));
    } catch (error) {
      // A template or secret that cannot be read will not mend by itself: failed, for an admin to look at.
      const reason = `could not render: ${error instanceof Error ? error.message : String(error)}`;
      await this.deliveries.mark(row.id, 'failed', reason.slice(0, 1000), claim.attempts);
      throw new PermanentDeliveryFailure(reason);
    }

    try {
      // Recorded as sent once the server has accepted it. A worker killed between the two leaves
      // the message to be sent again (at least once, never lost); the repeat carries the same
      // Message-ID, so mail programs show it once.
      const providerId = await this.sender.send({ ...message, messageId: `<${row.id}@${this.messageIdDomain}>` });
      await this.deliveries.markSent(row.id, providerId, claim.attempts);
      if (row.sealedSecrets) await this.outbox.forgetSecrets(row.id);
      return 'sent';
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof PermanentDeliveryFailure || isPermanentSmtpFailure(error);
      const final = permanent || command.finalAttempt;
      await this.deliveries.mark(row.id, final ? 'failed' : 'retrying', reason.slice(0, 1000), claim.attempts);
      this.logger.warn({ outboxId: row.id, attempt: claim.attempts, permanent, reason }, final ? 'delivery failed' : 'delivery will be retried');
      throw permanent ? new PermanentDeliveryFailure(reason) : error;
    }
  }
}
