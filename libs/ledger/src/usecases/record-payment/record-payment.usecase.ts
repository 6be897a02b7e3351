import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { formatPence } from '@commonpurse/kernel';
import { checkLedgerDate } from '../../domain/dates';
import { LedgerException, LedgerRefusal } from '../../domain/ledger.exception';
import { postings } from '../../domain/postings';
import { trancheSchedule } from '../../domain/tranches';
import { LedgerRepository } from '../../persistence/ledger.repository';
import { LedgerPoster, type Posted } from '../post-to-ledger/ledger-poster';

export interface RecordPaymentCommand {
  actorId: string;
  fundId: string;
  awardId: string;
  amountPence: number;
  /** YYYY-MM-DD, not in the future and not before the award. */
  paidOn: string;
  /** The finance system's payment reference: one payment per reference per award. */
  reference: string;
  /** The tranche this pays, when it pays one: for exactly its amount, and only once. */
  trancheSeq?: number;
}

/**
 * A payment (or one tranche of it) to a grantee, marked paid with its reference, once the grantee
 * has accepted the offer: money goes out only on the conditions they agreed to. Audited.
 */
@Injectable()
export class RecordPaymentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly poster: LedgerPoster,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: RecordPaymentCommand): Promise<Posted> {
    const reference = command.reference.trim();
    if (reference.length < 1 || reference.length > 100) throw new LedgerException(LedgerRefusal.Invalid, 'reference', 'ledger.payment.referenceRequired');
    const award = await this.ledger.award(command.awardId);
    if (!award || award.fundId !== command.fundId) throw new LedgerException(LedgerRefusal.NotFound, 'award', 'ledger.award.notFound');
    checkLedgerDate('paidOn', command.paidOn, award.awardedAt.toISOString().slice(0, 10));
    return this.dataSource.transaction(async (manager) => {
      // Taken before anything is read, so the tranche checks see every payment posted before this one.
      await this.ledger.lockFund(manager, award.fundId);
      const commitment = await this.ledger.commitment(award.id, manager);
      if (!commitment || commitment.withdrawn) throw new LedgerException(LedgerRefusal.Conflict, 'award', 'ledger.award.withdrawn');
      const idempotencyKey = `payment:${award.id}:${reference}`;
      const earlier = await this.ledger.byKey(manager, idempotencyKey);
      if (earlier) {
        const same =
          earlier.entries.filter((e) => e.amountPence > 0).reduce((sum, e) => sum + e.amountPence, 0) === command.amountPence &&
          earlier.effectiveOn === command.paidOn &&
          (earlier.memo.trancheSeq ?? null) === (command.trancheSeq ?? null);
        if (!same) throw new LedgerException(LedgerRefusal.Conflict, 'reference', 'ledger.payment.referenceUsed');
      } else {
        const [acceptance] = await this.ledger.acceptances([award.id], manager);
        if (!acceptance) throw new LedgerException(LedgerRefusal.Conflict, 'award', 'ledger.payment.notAccepted');
        if (command.trancheSeq !== undefined) {
          const schedule = trancheSchedule(award, await this.ledger.tranches([award.id], manager), acceptance.acceptedAt.toISOString().slice(0, 10));
          const tranche = schedule.find((t) => t.seq === command.trancheSeq);
          if (!tranche) throw new LedgerException(LedgerRefusal.Invalid, 'trancheSeq', 'ledger.payment.trancheNotFound', { seq: command.trancheSeq });
          if (tranche.amountPence !== command.amountPence) throw new LedgerException(LedgerRefusal.Invalid, 'amount', 'ledger.payment.trancheAmount', { seq: tranche.seq, amount: formatPence(tranche.amountPence) });
          const paid = (await this.ledger.tranchePayments([award.id], manager)).find((p) => p.trancheSeq === tranche.seq);
          if (paid) throw new LedgerException(LedgerRefusal.Conflict, 'trancheSeq', 'ledger.payment.tranchePaid', { seq: tranche.seq, reference: paid.reference });
        }
      }
      const posted = await this.poster.post(manager, {
        fundId: command.fundId,
        idempotencyKey,
        postedBy: command.actorId,
        build: (books) => postings.payment(books, { awardId: award.id, amountPence: command.amountPence, paidOn: command.paidOn, reference, trancheSeq: command.trancheSeq }),
      });
      if (!posted.replayed) {
        await this.audit.record(manager, { actorId: command.actorId, action: 'ledger.record-payment', entityType: 'award', entityId: award.id, before: null, after: { transactionId: posted.id, amountPence: command.amountPence, paidOn: command.paidOn, reference, trancheSeq: command.trancheSeq ?? null } });
      }
      return posted;
    });
  }
}
