import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { phaseAt } from '../../domain/round-timeline';
import { RoundRepository } from '../../persistence/round.repository';
import { RoundContext } from '../round-context';
import { PhaseTransitions } from './phase-transitions';

/**
 * The phase scheduler's work (a job in the worker): every round whose open phase by the clock
 * differs from the one last recorded gets its transition recorded, once. Each round is locked
 * and checked again inside its own transaction, so any number of workers may run this at once.
 */
@Injectable()
export class RecordTransitionsUseCase {
  private readonly logger = new Logger(RecordTransitionsUseCase.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly rounds: RoundRepository,
    private readonly context: RoundContext,
    private readonly transitions: PhaseTransitions,
  ) {}

  async execute(now = new Date()): Promise<number> {
    let recorded = 0;
    for (const id of await this.rounds.dueForTransition(now)) {
      const moved = await this.dataSource.transaction(async (manager) => {
        const locked = await this.context.lockById(manager, id);
        const current = phaseAt(locked.phases, locked.at);
        const to = current.state === 'open' ? current.phase : null;
        if (to === locked.round.recordedPhase) return false; // another worker got here first
        await this.transitions.record(manager, locked, locked.round.recordedPhase, to, null);
        return true;
      });
      if (moved) recorded += 1;
    }
    if (recorded > 0) this.logger.log({ recorded }, 'recorded phase transitions');
    return recorded;
  }
}
