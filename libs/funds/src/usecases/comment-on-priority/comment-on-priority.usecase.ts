import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { CoDesignRepository } from '../../persistence/codesign.repository';
import { managesFund, RoundContext, requirePhase, requireResident, type Participant } from '../round-context';

export interface CommentOnPriorityCommand {
  person: Participant;
  fundId: string;
  roundId: string;
  priorityId: string;
  body: string;
}

/** A resident (or one of the fund's managers, shown as such) comments on a priority during co-design. */
@Injectable()
export class CommentOnPriorityUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: RoundContext,
    private readonly codesign: CoDesignRepository,
  ) {}

  async execute(command: CommentOnPriorityCommand): Promise<string> {
    const { fund, round, phases, areas, at } = await this.context.load(command.fundId, command.roundId);
    const byFundManager = managesFund(command.person, fund.id);
    const priority = await this.codesign.priority(round.id, command.priorityId);
    if (!priority) throw new FundsException(FundsErrorCode.NotFound, 'funds.priority.notFound');
    if (priority.removedReason) throw new FundsException(FundsErrorCode.Invalid, 'funds.priority.removedNoAction', [{ field: 'body', problem: 'funds.priority.removedNoAction' }]);
    const body = command.body.trim();
    if (!body || body.length > 1000) throw new FundsException(FundsErrorCode.Invalid, body ? 'funds.comment.tooLong' : 'funds.comment.missing', [{ field: 'body', problem: body ? 'funds.comment.tooLong' : 'funds.comment.missing' }]);
    requirePhase(phases, at, 'comment-on-priority');
    if (!byFundManager) requireResident(areas, command.person);
    return this.dataSource.transaction((manager) =>
      this.codesign.insertComment(manager, { priorityId: priority.id, authorId: command.person.accountId, byFundManager, body: command.body.trim() }),
    );
  }
}
