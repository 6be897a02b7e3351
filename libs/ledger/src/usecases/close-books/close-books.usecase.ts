import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { formatPence } from '@commonpurse/kernel';
import { fundMoney } from '../../domain/accounts';
import { LedgerException, LedgerRefusal } from '../../domain/ledger.exception';
import { LedgerRepository } from '../../persistence/ledger.repository';

/**
 * Closes a fund's books for good, with the reason: only once every penny has been paid out or
 * returned (nothing available, set aside or committed), so no one is left owed money the fund
 * can no longer pay. The chain's head is kept with the closure. Audited.
 */
@Injectable()
export class CloseBooksUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: { actorId: string; fundId: string; reason: string }): Promise<void> {
    const reason = command.reason.trim();
    if (reason.length < 1 || reason.length > 1000) throw new LedgerException(LedgerRefusal.Invalid, 'reason', 'ledger.reasonRequired');
    await this.dataSource.transaction(async (manager) => {
      await this.ledger.lockFund(manager, command.fundId);
      if (await this.ledger.closure(command.fundId, manager)) throw new LedgerException(LedgerRefusal.Conflict, 'fund', 'ledger.closed');
      const money = fundMoney(await this.ledger.balances(command.fundId, undefined, manager));
      const open = money.availablePence + money.setAsidePence + money.committedPence;
      if (open > 0) throw new LedgerException(LedgerRefusal.Conflict, 'fund', 'ledger.close.moneyLeft', { left: formatPence(open) });
      const head = await this.ledger.head(manager, command.fundId);
      if (!head) throw new LedgerException(LedgerRefusal.Conflict, 'fund', 'ledger.close.nothingPosted');
      await this.ledger.close(manager, command.fundId, { closedBy: command.actorId, reason, headSeq: head.seq, headHash: head.hash });
      await this.audit.record(manager, { actorId: command.actorId, action: 'ledger.close-books', entityType: 'fund', entityId: command.fundId, before: null, after: { reason, headSeq: head.seq, headHash: head.hash } });
    });
  }
}
