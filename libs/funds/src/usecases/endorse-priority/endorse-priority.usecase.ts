import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dotFits, stillStanding } from '../../domain/co-design';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { CoDesignRepository } from '../../persistence/codesign.repository';
import { RoundContext, requirePhase, requireResident, type Participant } from '../round-context';

export interface EndorsementCommand {
  person: Participant;
  fundId: string;
  roundId: string;
  priorityId: string;
}

export interface Dots {
  used: number;
  allowance: number;
}

/**
 * A resident places one of their endorsement dots on a priority during co-design. Their dots in
 * the round are counted under a lock of their own, so requests sent at the same moment can
 * never place more dots than the round allows.
 */
@Injectable()
export class EndorsePriorityUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: RoundContext,
    private readonly codesign: CoDesignRepository,
  ) {}

  async execute(command: EndorsementCommand): Promise<Dots> {
    const { round, phases, areas, at } = await this.context.load(command.fundId, command.roundId);
    const priority = await this.codesign.priority(round.id, command.priorityId);
    if (!priority) throw new FundsException(FundsErrorCode.NotFound, 'funds.priority.notFound');
    requirePhase(phases, at, 'endorse-priority');
    requireResident(areas, command.person);
    if (priority.mergedInto) throw new FundsException(FundsErrorCode.Invalid, 'funds.priority.endorseMerged', [{ field: 'priorityId', problem: 'funds.priority.endorseMerged' }]);
    if (priority.removedReason) throw new FundsException(FundsErrorCode.Invalid, 'funds.priority.removedNoAction', [{ field: 'priorityId', problem: 'funds.priority.removedNoAction' }]);
    return this.dataSource.transaction(async (manager) => {
      // Held until the dot is in, so a merge or take-down cannot slip in between the check and the insert.
      const [current] = await this.codesign.sharePriority(manager, round.id, priority.id);
      if (!current || !stillStanding(current)) throw new FundsException(FundsErrorCode.Invalid, 'funds.priority.removedNoAction', [{ field: 'priorityId', problem: 'funds.priority.removedNoAction' }]);
      await this.codesign.lockDots(manager, round.id, command.person.accountId);
      const used = await this.codesign.dotsUsed(round.id, command.person.accountId, manager);
      if (!dotFits(used, round.endorsementDots)) {
        throw new FundsException(FundsErrorCode.AllowanceSpent, 'funds.dots.spent', [{ field: 'priorityId', problem: 'funds.dots.spent' }]);
      }
      await this.codesign.insertDot(manager, round.id, priority.id, command.person.accountId);
      return { used: used + 1, allowance: round.endorsementDots };
    });
  }
}

/** A resident takes back one of their dots from a priority, while co-design is open. */
@Injectable()
export class WithdrawEndorsementUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: RoundContext,
    private readonly codesign: CoDesignRepository,
  ) {}

  async execute(command: EndorsementCommand): Promise<Dots> {
    const { round, phases, at } = await this.context.load(command.fundId, command.roundId);
    requirePhase(phases, at, 'endorse-priority');
    return this.dataSource.transaction(async (manager) => {
      await this.codesign.lockDots(manager, round.id, command.person.accountId);
      const withdrawn = await this.codesign.deleteDot(manager, round.id, command.priorityId, command.person.accountId);
      if (!withdrawn) throw new FundsException(FundsErrorCode.Invalid, 'funds.dots.noneHere', [{ field: 'priorityId', problem: 'funds.dots.noneHere' }]);
      return { used: await this.codesign.dotsUsed(round.id, command.person.accountId, manager), allowance: round.endorsementDots };
    });
  }
}
