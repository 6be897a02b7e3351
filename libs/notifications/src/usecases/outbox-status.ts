import { Injectable } from '@nestjs/common';
import { OutboxRepository } from '../persistence/outbox.repository';

/** The outbox backlog, for /health/ready: messages waiting to be queued and how long the oldest has waited. */
@Injectable()
export class OutboxStatus {
  constructor(private readonly outbox: OutboxRepository) {}

  backlog(): Promise<{ pending: number; oldestSeconds: number | null }> {
    return this.outbox.backlog();
  }
}
