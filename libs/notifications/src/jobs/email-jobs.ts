import type { JobsOptions } from 'bullmq';
import { EMAIL_ATTEMPTS, RETRY_JITTER } from '../domain/retry-schedule';

/** The jobs of the email queue (QueueName.Email); EmailProcessor runs both. */
export enum EmailJob {
  /** Up to EMAIL_BATCH outbox ids, as the relay queues them: `{ outboxIds }`. */
  DeliverBatch = 'deliver-emails',
  /** One message on its own (its job id is its outbox id): a retry, or one a batch handed on. `{ outboxId }`. */
  Deliver = 'deliver-email',
}

/** Outbox ids per batch job: one claim statement and a few outcome statements for all of them instead of three statements each. */
export const EMAIL_BATCH = 50;

export interface DeliverBatchData {
  outboxIds: string[];
}

export interface DeliverData {
  outboxId: string;
}

/** Retries (of a job that failed as a whole: Postgres away, say) with backoff; kept when failed, for the dashboard. */
export function emailJobOptions(retryBaseMs: number): JobsOptions {
  return {
    attempts: EMAIL_ATTEMPTS,
    backoff: { type: 'exponential', delay: retryBaseMs, jitter: RETRY_JITTER },
    removeOnComplete: 10_000,
    removeOnFail: false,
  };
}

/**
 * A message that failed for now in a batch goes on as a job of its own. Its first attempt was
 * the batch's, so it has one attempt fewer, and BullMQ's doubling starts one step further on
 * (2·base after its first retry fails, as the message's second retry would have waited).
 */
export function ownJobOptions(outboxId: string, retryBaseMs: number, delayMs: number): JobsOptions {
  return {
    ...emailJobOptions(retryBaseMs),
    jobId: outboxId,
    delay: delayMs,
    attempts: EMAIL_ATTEMPTS - 1,
    backoff: { type: 'exponential', delay: 2 * retryBaseMs, jitter: RETRY_JITTER },
  };
}
