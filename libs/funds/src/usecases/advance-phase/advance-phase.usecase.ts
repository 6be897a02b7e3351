import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { advanceNow, type Phase } from '../../domain/round-timeline';
import { RoundRepository } from '../../persistence/round.repository';
import { PhaseTransitions } from '../record-transitions/phase-transitions';
import { RoundContext } from '../round-context';

export interface AdvancePhaseCommand {
  actorId: string;
  fundId: string;
  roundId: string;
  /** The phase the manager saw open when they asked, so a double submit cannot skip two phases. */
  expectedFrom: Phase | null | undefined;
}

/**
 * A fund manager moves the round on now: the open phase closes and the next opens, ahead of
 * the clock. The timeline itself changes, so the clock agrees from then on. Audited.
 */
@Injectable()
export class AdvancePhaseUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: RoundContext,
    private readonly rounds: RoundRepository,
    private readonly transitions: PhaseTransitions,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: AdvancePhaseCommand): Promise<{ from: Phase | null; to: Phase | null }> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.context.lock(manager, command.fundId, command.roundId);
      const advance = advanceNow(locked.phases, locked.at);
      if (!advance.ok) throw new FundsException(FundsErrorCode.PhaseClosed, 'funds.advance.roundOver', [{ field: 'phase', problem: 'funds.advance.roundOver' }]);
      if (command.expectedFrom !== undefined && command.expectedFrom !== advance.from) {
        throw new FundsException(FundsErrorCode.PhaseClosed, 'funds.advance.alreadyMoved', [{ field: 'phase', problem: 'funds.advance.alreadyMoved' }]);
      }
      await this.rounds.replacePhases(manager, locked.round.id, advance.windows);
      // The scheduler runs every few seconds, so the clock's own last move may not be recorded yet.
      await this.transitions.record(manager, locked, locked.round.recordedPhase, advance.from, null);
      await this.transitions.record(manager, locked, advance.from, advance.to, command.actorId);
      await this.audit.record(manager, {
        actorId: command.actorId,
        action: 'funds.advance-phase',
        entityType: 'round',
        entityId: locked.round.id,
        before: { phase: advance.from, phases: locked.phases },
        after: { phase: advance.to, phases: advance.windows },
      });
      return { from: advance.from, to: advance.to };
    });
  }
}
