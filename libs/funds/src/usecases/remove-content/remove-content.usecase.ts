import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { CoDesignRepository } from '../../persistence/codesign.repository';
import { RoundContext } from '../round-context';

interface Target {
  actorId: string;
  fundId: string;
  roundId: string;
}

/**
 * A fund manager takes down a priority or a comment that breaks the house rules (abuse, personal
 * details, advertising). Residents see the reason in its place; the words are kept only in the
 * audit log. A priority's dots go back to the residents who placed them. An adopted priority must
 * be taken out of its criterion first, so the published trail never points at nothing.
 */
@Injectable()
export class RemoveContentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: RoundContext,
    private readonly codesign: CoDesignRepository,
    private readonly audit: AuditTrail,
  ) {}

  async priority(target: Target, priorityId: string, reason: string): Promise<{ dotsReturned: number }> {
    const why = checkedReason(reason);
    return this.dataSource.transaction(async (manager) => {
      const { round } = await this.context.lock(manager, target.fundId, target.roundId);
      const [priority] = await this.codesign.lockPriorities(manager, round.id, [priorityId]);
      if (!priority) throw new FundsException(FundsErrorCode.NotFound, 'funds.priority.notFound');
      if (priority.removedReason) throw new FundsException(FundsErrorCode.Invalid, 'funds.remove.already', [{ field: 'reason', problem: 'funds.remove.already' }]);
      if ((await this.codesign.criteria(round.id, manager)).some((c) => c.priorityIds.includes(priority.id))) {
        throw new FundsException(FundsErrorCode.Invalid, 'funds.remove.adopted', [{ field: 'reason', problem: 'funds.remove.adopted' }]);
      }
      const words = await this.codesign.priorityWords(manager, priority.id);
      const dotsReturned = await this.codesign.removePriority(manager, priority.id, why);
      await this.audit.record(manager, { actorId: target.actorId, action: 'funds.remove-priority', entityType: 'priority', entityId: priority.id, before: { ...words, endorsements: priority.endorsements }, after: { removedReason: why, dotsReturned } });
      return { dotsReturned };
    });
  }

  async comment(target: Target, commentId: string, reason: string): Promise<void> {
    const why = checkedReason(reason);
    await this.dataSource.transaction(async (manager) => {
      const { round } = await this.context.lock(manager, target.fundId, target.roundId);
      const comment = await this.codesign.commentForRemoval(manager, round.id, commentId);
      if (!comment) throw new FundsException(FundsErrorCode.NotFound, 'funds.comment.notFound');
      if (comment.removed) throw new FundsException(FundsErrorCode.Invalid, 'funds.remove.already', [{ field: 'reason', problem: 'funds.remove.already' }]);
      await this.codesign.removeComment(manager, comment.id, why);
      await this.audit.record(manager, { actorId: target.actorId, action: 'funds.remove-comment', entityType: 'comment', entityId: comment.id, before: { body: comment.body }, after: { removedReason: why } });
    });
  }
}

function checkedReason(reason: string): string {
  const why = reason.trim();
  if (!why) throw new FundsException(FundsErrorCode.Invalid, 'funds.remove.reasonMissing', [{ field: 'reason', problem: 'funds.remove.reasonMissing' }]);
  if (why.length > 500) throw new FundsException(FundsErrorCode.Invalid, 'funds.remove.reasonTooLong', [{ field: 'reason', problem: 'funds.remove.reasonTooLong' }]);
  return why;
}
