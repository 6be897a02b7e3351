import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig, QueueName, SMTP_POOL_SIZE, type MailMessage } from '@commonpurse/kernel';
import { EmailSender } from '../../channels/email-sender';
import { PermanentDeliveryFailure, isPermanentSmtpFailure } from '../../domain/delivery-failure';
import { isOptional, type Category } from '../../domain/notification-event';
import { retryDelayMs } from '../../domain/retry-schedule';
import { EmailJob, ownJobOptions, type DeliverData } from '../../jobs/email-jobs';
import { DeliveryRepository, type ClaimedMessage, type Refusal } from '../../persistence/delivery.repository';
import { PreferenceRepository } from '../../persistence/preference.repository';
import { Notifier } from '../notify/notifier';
import { BroadcastRenderer } from './broadcast-renderer';
import { ConcurrencyLimit } from './concurrency-limit';
import { DeliveryOutcomes } from './delivery-outcomes';

/** How long a worker holds the right to send one message; a worker that dies mid-send loses it after this. */
export const SEND_LEASE_MS = 20_000;

/** A look at a message once another's lease on it has run out comes this much later, clear of clock differences. */
const LEASE_MARGIN_MS = 1_000;

/**
 * Messages a worker has in hand at once, each being sent or having its outcome written: as many
 * as it has SMTP connections. A worker killed outright can repeat at most these.
 */
export const MESSAGES_IN_HAND = SMTP_POOL_SIZE;

/**
 * Batches a worker sends from at once. A batch claims its messages when it starts, so this keeps
 * the claimed messages that wait for their turn few (their lease runs while they wait), while
 * leaving enough of them to keep every connection busy.
 */
export const BATCHES_IN_HAND = 3;

export type DeliveryOutcome = 'sent' | 'skipped' | 'already-final';

/** The send is under way elsewhere (another worker holds the lease): try again later. */
export class DeliveryInProgress extends Error {}

/** What became of one message in this attempt. */
type Result =
  | { outboxId: string; kind: DeliveryOutcome }
  /** Recorded as failed: a permanent refusal, or a temporary one on the last attempt. */
  | { outboxId: string; kind: 'failed'; permanent: boolean; reason: string; error: unknown }
  /** Recorded as retrying: it failed for now. */
  | { outboxId: string; kind: 'retry'; reason: string; error: unknown }
  /** Not sent now: another attempt holds it, or its lease ran low while it waited; it can be sent after `afterMs`. */
  | { outboxId: string; kind: 'later'; reason: string; afterMs: number }
  | { outboxId: string; kind: 'no-outbox-row' };

/**
 * Sends outbox rows by email, each once. The delivery record's unique outbox id decides who may
 * send; the outcome (sent, failed with the reason, retried N times) is recorded on it.
 */
@Injectable()
export class DeliverEmailUseCase {
  private readonly logger = new Logger(DeliverEmailUseCase.name);
  private readonly messageIdDomain: string;
  private readonly inHand = new ConcurrencyLimit(MESSAGES_IN_HAND);
  private readonly batches = new ConcurrencyLimit(BATCHES_IN_HAND);

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly outcomes: DeliveryOutcomes,
    private readonly preferences: PreferenceRepository,
    private readonly renderer: BroadcastRenderer,
    private readonly notifier: Notifier,
    private readonly sender: EmailSender,
    private readonly config: AppConfig,
    @InjectQueue(QueueName.Email) private readonly queue: Queue,
  ) {
    this.messageIdDomain = new URL(config.publicUrl).hostname;
  }

  /**
   * A batch, as the relay queues them: each message on its own. One that fails for now, or
   * cannot be sent now, goes on as a job of its own with its own backoff, so it neither holds
   * back the others nor makes them go again; one refused for good is recorded as failed.
   */
  async deliverBatch(command: { outboxIds: string[] }): Promise<Record<string, number>> {
    const results = await this.batches.run(() => this.deliver(command.outboxIds, false));
    const counts: Record<string, number> = {};
    for (const result of results) {
      counts[result.kind] = (counts[result.kind] ?? 0) + 1;
      if (result.kind === 'retry') await this.sendOnItsOwn(result.outboxId, retryDelayMs(1, this.config.notifyRetryBaseMs));
      // Whoever holds it now may die with it: a look once its lease has run out settles it.
      if (result.kind === 'later') await this.sendOnItsOwn(result.outboxId, result.afterMs + LEASE_MARGIN_MS);
      if (result.kind === 'no-outbox-row') this.logger.warn({ outboxId: result.outboxId }, 'no outbox row for a queued message');
    }
    return counts;
  }

  /**
   * One message as a job of its own (a retry). A temporary failure throws, for BullMQ to retry
   * with backoff; `finalAttempt`: no retry will follow, so it is recorded as failed.
   */
  async deliverOne(command: { outboxId: string; finalAttempt: boolean }): Promise<DeliveryOutcome> {
    const [result] = await this.deliver([command.outboxId], command.finalAttempt);
    switch (result.kind) {
      case 'no-outbox-row':
        throw new PermanentDeliveryFailure(`No outbox row ${command.outboxId}`);
      case 'later':
        throw new DeliveryInProgress(`Outbox row ${command.outboxId}: ${result.reason}`);
      case 'failed':
        throw result.permanent ? new PermanentDeliveryFailure(result.reason) : result.error;
      case 'retry':
        throw result.error;
      default:
        return result.kind;
    }
  }

  private async deliver(outboxIds: string[], finalAttempt: boolean): Promise<Result[]> {
    const claimedAt = Date.now();
    const { claimed, refused } = await this.deliveries.claim(outboxIds, SEND_LEASE_MS);
    const optional = claimed.filter((m) => m.recipientAccountId && isOptional(m.category as Category));
    const disabled = await this.preferences.disabledFor([...new Set(optional.map((m) => m.recipientAccountId!))]);
    const results = await Promise.all(claimed.map((message) => this.deliverClaimed(message, disabled, claimedAt, finalAttempt)));
    return [...[...refused].map(([outboxId, refusal]) => refusedResult(outboxId, refusal)), ...results];
  }

  private async deliverClaimed(message: ClaimedMessage, disabled: Map<string, Set<Category>>, claimedAt: number, finalAttempt: boolean): Promise<Result> {
    const { id: outboxId, attempt } = message;
    if (message.recipientAccountId && disabled.get(message.recipientAccountId)?.has(message.category as Category)) {
      await this.outcomes.record({ outboxId, attempt, status: 'skipped', reason: `recipient turned off ${message.category}` });
      return { outboxId, kind: 'skipped' };
    }
    return this.inHand.run(async (): Promise<Result> => {
      // Sent under a lease with time to spare, or not now: another worker may take it once the lease runs out.
      const waited = Date.now() - claimedAt;
      if (waited > SEND_LEASE_MS / 2) return { outboxId, kind: 'later', reason: 'its lease ran low while it waited to be sent', afterMs: SEND_LEASE_MS - waited };

      let mail: MailMessage;
      try {
        mail = this.renderer.render(message, this.notifier.openSecrets(message.sealedSecrets));
      } catch (error) {
        // A template or secret that cannot be read will not mend by itself: failed, for an admin to look at.
        const reason = `could not render: ${error instanceof Error ? error.message : String(error)}`;
        await this.outcomes.record({ outboxId, attempt, status: 'failed', reason: reason.slice(0, 1000) });
        return { outboxId, kind: 'failed', permanent: true, reason, error };
      }

      let providerMessageId: string | null;
      try {
        // Recorded as sent once the server has accepted it. A worker killed between the two leaves
        // the message to be sent again (at least once, never lost); the repeat carries the same
        // Message-ID, so mail programs show it once.
        providerMessageId = await this.sender.send({ ...mail, messageId: `<${outboxId}@${this.messageIdDomain}>` });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const permanent = error instanceof PermanentDeliveryFailure || isPermanentSmtpFailure(error);
        const final = permanent || finalAttempt;
        await this.outcomes.record({ outboxId, attempt, status: final ? 'failed' : 'retrying', reason: reason.slice(0, 1000) });
        this.logger.warn({ outboxId, attempt, permanent, reason }, final ? 'delivery failed' : 'delivery will be retried');
        return final ? { outboxId, kind: 'failed', permanent, reason, error } : { outboxId, kind: 'retry', reason, error };
      }
      await this.outcomes.record({ outboxId, attempt, status: 'sent', reason: null, providerMessageId });
      return { outboxId, kind: 'sent' };
    });
  }

  /** As its own job, whose id is the outbox id; a finished job of that id goes first, as BullMQ would ignore the new one. */
  private async sendOnItsOwn(outboxId: string, delayMs: number): Promise<void> {
    const previous = await this.queue.getJob(outboxId);
    if (previous && ((await previous.isCompleted()) || (await previous.isFailed()))) await previous.remove();
    const data: DeliverData = { outboxId };
    await this.queue.add(EmailJob.Deliver, data, ownJobOptions(outboxId, this.config.notifyRetryBaseMs, delayMs));
  }
}

function refusedResult(outboxId: string, { status, leaseLeftMs }: Refusal): Result {
  if (status === 'no-outbox-row') return { outboxId, kind: 'no-outbox-row' };
  if (status === 'sending' || status === 'retrying') return { outboxId, kind: 'later', reason: 'it is being sent by another worker', afterMs: leaseLeftMs };
  return { outboxId, kind: 'already-final' };
}
