import { Injectable } from '@nestjs/common';
import { DeliveryRepository, type AttemptOutcome } from '../../persistence/delivery.repository';

interface Waiting {
  outcome: AttemptOutcome;
  resolve(): void;
  reject(error: unknown): void;
}

/** Outcomes written per statement at most (the statement takes arrays, so this bounds its size, not its parameters). */
const MOST_PER_STATEMENT = 500;

/**
 * Writes the outcomes of the messages this worker is sending to their delivery records, as a
 * group: the outcomes that arrive while one statement runs go together in the next, so a busy
 * worker writes a few statements a second instead of one per message, and a quiet one writes
 * each outcome at once. `record` resolves once the outcome is committed.
 */
@Injectable()
export class DeliveryOutcomes {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly deliveries: DeliveryRepository) {}

  record(outcome: AttemptOutcome): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ outcome, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        // After the current I/O callbacks, which often complete several sends at once.
        setImmediate(() => void this.writeAll());
      }
    });
  }

  private async writeAll(): Promise<void> {
    while (this.waiting.length > 0) {
      const group = this.waiting.splice(0, MOST_PER_STATEMENT);
      try {
        await this.deliveries.recordOutcomes(group.map((w) => w.outcome));
        for (const w of group) w.resolve();
      } catch (error) {
        for (const w of group) w.reject(error);
      }
    }
    this.writing = false;
  }
}
