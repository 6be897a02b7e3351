import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { mergeProblem } from '../../domain/co-design';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { CoDesignRepository } from '../../persistence/codesign.repository';
import { RoundContext, requireUnfrozen } from '../round-context';

export interface MergePrioritiesCommand {
  actorId: string;
  fundId: string;
  roundId: string;
  /** The duplicate … */
  sourceId: string;
  /** … and the priority it becomes part of. */
  targetId: string;
}

/**
 * A fund manager merges a duplicate priority into another: the duplicate keeps its words (and
 * shows where it went), every endorsement dot on it moves across. Possible until the criteria
 * freeze, when applications open. Audited.
 */
@Injectable()
export class MergePrioritiesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: RoundContext,
    private readonly codesign: CoDesignRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: MergePrioritiesCommand): Promise<{ moved: number }> {
    return this.dataSource.transaction(async (manager) => {
      const { round, phases, at } = await this.context.lock(manager, command.fundId, command.roundId);
      requireUnfrozen(phases, at, 'criteria', 'targetId');
      const found = await this.codesign.lockPriorities(manager, round.id, [command.sourceId, command.targetId]);
      const source = found.find((p) => p.id === command.sourceId);
      const target = found.find((p) => p.id === command.targetId);
      if (!source) throw new FundsException(FundsErrorCode.NotFound, 'funds.priority.notFound');
      if (!target) throw new FundsException(FundsErrorCode.Invalid, 'funds.merge.targetMissing', [{ field: 'targetId', problem: 'funds.merge.targetMissing' }]);
      const problem = mergeProblem(source, target);
      if (problem) throw new FundsException(FundsErrorCode.Invalid, `funds.merge.${problem}`, [{ field: 'targetId', problem: `funds.merge.${problem}` }]);
      // The published trail must keep pointing at the priority residents endorsed.
      if ((await this.codesign.criteria(round.id, manager)).some((c) => c.priorityIds.includes(source.id))) {
        throw new FundsException(FundsErrorCode.Invalid, 'funds.merge.adopted', [{ field: 'targetId', problem: 'funds.merge.adopted' }]);
      }
      const moved = await this.codesign.merge(manager, source.id, target.id);
      await this.audit.record(manager, {
        actorId: command.actorId,
        action: 'funds.merge-priorities',
        entityType: 'priority',
        entityId: source.id,
        before: { source: { id: source.id, endorsements: source.endorsements }, target: { id: target.id, endorsements: target.endorsements } },
        after: { mergedInto: target.id, target: { id: target.id, endorsements: target.endorsements + moved }, movedDots: moved },
      });
      return { moved };
    });
  }
}
