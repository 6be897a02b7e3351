import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { criterionProblems } from '../../domain/co-design';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { CoDesignRepository } from '../../persistence/codesign.repository';
import { RoundRepository } from '../../persistence/round.repository';
import { RoundContext, requireUnfrozen, type LockedRound } from '../round-context';

interface Target {
  actorId: string;
  fundId: string;
  roundId: string;
}

export interface CriterionInput {
  title: string;
  description: string;
  /** Relative weight in the scoring rubric, 1–100. */
  weight: number;
}

/**
 * A fund manager adopts residents' priorities into the round's published criteria and scoring
 * rubric. Each criterion keeps the trail to the priorities behind it (at least one). Criteria
 * can be reworded, reweighted or dropped until applications open. Every change audited.
 */
@Injectable()
export class AdoptCriterionUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: RoundContext,
    private readonly codesign: CoDesignRepository,
    private readonly rounds: RoundRepository,
    private readonly audit: AuditTrail,
  ) {}

  async adopt(target: Target, criterion: CriterionInput, priorityIds: string[]): Promise<string> {
    checked(criterion);
    return this.change(target, async (manager, { round }) => {
      const ids = [...new Set(priorityIds)];
      if (ids.length === 0) throw new FundsException(FundsErrorCode.Invalid, 'funds.criteria.noPriorities', [{ field: 'priorityIds', problem: 'funds.criteria.noPriorities' }]);
      const found = await this.codesign.lockPriorities(manager, round.id, ids);
      if (found.length !== ids.length || found.some((p) => p.removedReason)) throw new FundsException(FundsErrorCode.Invalid, 'funds.criteria.unknownPriority', [{ field: 'priorityIds', problem: 'funds.criteria.unknownPriority' }]);
      const id = await this.codesign.insertCriterion(manager, { roundId: round.id, ...trimmed(criterion), adoptedBy: target.actorId, priorityIds: ids });
      return { id, entityId: id, before: null, after: { ...trimmed(criterion), priorityIds: ids } };
    });
  }

  async update(target: Target, criterionId: string, criterion: CriterionInput): Promise<void> {
    checked(criterion);
    await this.change(target, async (manager, { round }) => {
      const before = await this.existing(manager, round.id, criterionId);
      await this.codesign.updateCriterion(manager, criterionId, trimmed(criterion));
      return { id: undefined, entityId: criterionId, before, after: { ...before, ...trimmed(criterion) } };
    });
  }

  async remove(target: Target, criterionId: string): Promise<void> {
    await this.change(target, async (manager, { round }) => {
      const before = await this.existing(manager, round.id, criterionId);
      if ((await this.rounds.lots(round.id, manager)).some((l) => l.criterionId === criterionId)) {
        throw new FundsException(FundsErrorCode.Invalid, 'funds.criteria.usedByLot', [{ field: 'criterionId', problem: 'funds.criteria.usedByLot' }]);
      }
      await this.codesign.deleteCriterion(manager, criterionId);
      return { id: undefined, entityId: criterionId, before, after: null };
    });
  }

  private async existing(manager: EntityManager, roundId: string, criterionId: string) {
    const criterion = (await this.codesign.criteria(roundId, manager)).find((c) => c.id === criterionId);
    if (!criterion) throw new FundsException(FundsErrorCode.NotFound, 'funds.criteria.notFound');
    return criterion;
  }

  private change<T>(target: Target, work: (manager: EntityManager, locked: LockedRound) => Promise<{ id: T; entityId: string; before: unknown; after: unknown }>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.context.lock(manager, target.fundId, target.roundId);
      requireUnfrozen(locked.phases, locked.at, 'criteria', 'title');
      const result = await work(manager, locked);
      const action = result.before === null ? 'funds.adopt-criterion' : result.after === null ? 'funds.remove-criterion' : 'funds.update-criterion';
      await this.audit.record(manager, { actorId: target.actorId, action, entityType: 'criterion', entityId: result.entityId, before: result.before, after: result.after });
      return result.id;
    });
  }
}

function checked(c: CriterionInput): void {
  const problems = criterionProblems(c);
  if (problems.length > 0) throw new FundsException(FundsErrorCode.Invalid, problems[0].problem, problems);
}

function trimmed(c: CriterionInput): CriterionInput {
  return { title: c.title.trim(), description: c.description.trim(), weight: c.weight };
}
