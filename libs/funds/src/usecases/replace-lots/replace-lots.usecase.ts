import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { checkLots, type Lot } from '../../domain/round-lots';
import { CoDesignRepository } from '../../persistence/codesign.repository';
import { RoundRepository } from '../../persistence/round.repository';
import { RoundContext, requireUnfrozen } from '../round-context';

export interface ReplaceLotsCommand {
  actorId: string;
  fundId: string;
  roundId: string;
  /** The round's whole set of lots; none at all means the budget is not split. */
  lots: Lot[];
}

/** A fund manager splits the round's budget into lots (or stops splitting it), until applications open. Audited. */
@Injectable()
export class ReplaceLotsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: RoundContext,
    private readonly rounds: RoundRepository,
    private readonly codesign: CoDesignRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: ReplaceLotsCommand): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { round, phases, areas, at } = await this.context.lock(manager, command.fundId, command.roundId);
      requireUnfrozen(phases, at, 'lots');
      const criterionIds = (await this.codesign.criteria(round.id, manager)).map((c) => c.id);
      const problems = checkLots(command.lots, { budgetPence: round.budgetPence, areas, criterionIds });
      if (problems.length > 0) throw new FundsException(FundsErrorCode.Invalid, problems[0].problem, problems);
      const before = await this.rounds.lots(round.id, manager);
      await this.rounds.replaceLots(manager, round.id, command.lots);
      await this.audit.record(manager, { actorId: command.actorId, action: 'funds.replace-lots', entityType: 'round', entityId: round.id, before: { lots: before }, after: { lots: command.lots } });
    });
  }
}
