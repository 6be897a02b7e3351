import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { LedgerException, LedgerRefusal } from '../../domain/ledger.exception';
import { postings } from '../../domain/postings';
import { LedgerRepository } from '../../persistence/ledger.repository';
import { LedgerPoster, type Posted } from '../post-to-ledger/ledger-poster';

/**
 * A correction: a reversal transaction that references the one it corrects, with the reason.
 * Withdrawing an award is the reversal of its commitment (back to the round's budget). Each
 * transaction can be reversed once, a reversal never; both refusals name what was done before.
 */
@Injectable()
export class ReverseTransactionUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly poster: LedgerPoster,
    private readonly audit: AuditTrail,
  ) {}

  async reverse(command: { actorId: string; fundId: string; transactionId: string; reason: string }): Promise<Posted> {
    const reason = checkReason(command.reason);
    return this.dataSource.transaction(async (manager) => {
      const original = await this.ledger.byId(command.transactionId, manager);
      if (!original || original.fundId !== command.fundId) throw new LedgerException(LedgerRefusal.NotFound, 'transaction', 'ledger.transaction.notFound');
      return this.post(manager, command.actorId, command.fundId, original.id, reason, 'ledger.reverse');
    });
  }

  async withdrawAward(command: { actorId: string; fundId: string; awardId: string; reason: string }): Promise<Posted> {
    const reason = checkReason(command.reason);
    return this.dataSource.transaction(async (manager) => {
      const award = await this.ledger.award(command.awardId, manager);
      const commitment = award && award.fundId === command.fundId ? await this.ledger.commitment(award.id, manager) : undefined;
      if (!commitment) throw new LedgerException(LedgerRefusal.NotFound, 'award', 'ledger.award.notFound');
      return this.post(manager, command.actorId, command.fundId, commitment.transactionId, reason, 'ledger.withdraw-award');
    });
  }

  private async post(manager: EntityManager, actorId: string, fundId: string, transactionId: string, reason: string, action: string): Promise<Posted> {
    // Under the fund's lock, so a second reversal racing this one sees it.
    await this.ledger.lockFund(manager, fundId);
    const original = (await this.ledger.byId(transactionId, manager))!;
    if (await this.ledger.reversalOf(manager, original.id)) throw new LedgerException(LedgerRefusal.Conflict, 'transaction', 'ledger.reversal.already');
    const today = new Date().toISOString().slice(0, 10);
    const posted = await this.poster.post(manager, { fundId: original.fundId, idempotencyKey: `reversal:${original.id}`, postedBy: actorId, build: (books) => postings.reversal(books, original, { on: today, reason }) });
    await this.audit.record(manager, { actorId, action, entityType: 'ledger-transaction', entityId: original.id, before: { kind: original.kind, seq: original.seq }, after: { reversal: posted.id, reason } });
    return posted;
  }
}

function checkReason(text: string): string {
  const reason = text.trim();
  if (reason.length < 1 || reason.length > 1000) throw new LedgerException(LedgerRefusal.Invalid, 'reason', 'ledger.reasonRequired');
  return reason;
}
