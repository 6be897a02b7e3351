import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { LedgerException, LedgerRefusal } from '../../domain/ledger.exception';
import { checkTranches, type ScheduledTranche } from '../../domain/tranches';
import { LedgerRepository } from '../../persistence/ledger.repository';

export interface ScheduleTranchesCommand {
  actorId: string;
  fundId: string;
  awardId: string;
  /** In the order they fall due; they must add up to the award. */
  tranches: Array<{ amountPence: number; dueOn: string }>;
}

/**
 * A fund manager's schedule of when an award is paid: set once, before the grantee accepts the
 * offer (the tranches are part of what they accept). Like the books, a schedule is never
 * replaced: changing one after it is set (a variation of the agreement) is not something this
 * service does yet, so it is refused rather than half-supported. The same schedule sent again is
 * answered with the one already set. Audited.
 */
@Injectable()
export class ScheduleTranchesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: ScheduleTranchesCommand): Promise<{ awardId: string; tranches: ScheduledTranche[] }> {
    const award = await this.ledger.award(command.awardId);
    if (!award || award.fundId !== command.fundId) throw new LedgerException(LedgerRefusal.NotFound, 'award', 'ledger.award.notFound');
    const tranches = checkTranches({ amountPence: award.amountPence, awardedOn: award.awardedAt.toISOString().slice(0, 10) }, command.tranches);
    return this.dataSource.transaction(async (manager) => {
      // The fund's lock orders this with acceptances, payments and withdrawals of its awards.
      await this.ledger.lockFund(manager, award.fundId);
      const commitment = await this.ledger.commitment(award.id, manager);
      if (!commitment || commitment.withdrawn) throw new LedgerException(LedgerRefusal.Conflict, 'award', 'ledger.award.withdrawn');
      const existing = await this.ledger.tranches([award.id], manager);
      if (existing.length > 0) {
        const same = existing.length === tranches.length && existing.every((e, i) => e.amountPence === tranches[i]!.amountPence && e.dueOn === tranches[i]!.dueOn);
        if (same) return { awardId: award.id, tranches };
        throw new LedgerException(LedgerRefusal.Conflict, 'tranches', 'ledger.tranches.alreadyScheduled');
      }
      if ((await this.ledger.acceptances([award.id], manager)).length > 0) throw new LedgerException(LedgerRefusal.Conflict, 'tranches', 'ledger.tranches.afterAcceptance');
      await this.ledger.insertTranches(manager, award.id, tranches, command.actorId);
      await this.audit.record(manager, { actorId: command.actorId, action: 'ledger.schedule-tranches', entityType: 'award', entityId: award.id, before: null, after: { tranches: tranches.map(({ seq, amountPence, dueOn }) => ({ seq, amountPence, dueOn })) } });
      return { awardId: award.id, tranches };
    });
  }
}
