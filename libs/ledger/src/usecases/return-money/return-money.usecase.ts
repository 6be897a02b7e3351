import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { LedgerException, LedgerRefusal } from '../../domain/ledger.exception';
import { postings } from '../../domain/postings';
import { LedgerPoster, type Posted } from '../post-to-ledger/ledger-poster';

/** Unspent money handed back to the organisation that contributed it, with the reason. Audited. */
@Injectable()
export class ReturnMoneyUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly poster: LedgerPoster,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: { actorId: string; fundId: string; organisationId: string; amountPence: number; reason: string; idempotencyKey: string }): Promise<Posted> {
    const reason = command.reason.trim();
    if (reason.length < 1 || reason.length > 1000) throw new LedgerException(LedgerRefusal.Invalid, 'reason', 'ledger.reasonRequired');
    if (!/^[\w:.-]{8,100}$/.test(command.idempotencyKey)) throw new LedgerException(LedgerRefusal.Invalid, 'Idempotency-Key', 'ledger.keyInvalid');
    const today = new Date().toISOString().slice(0, 10);
    return this.dataSource.transaction(async (manager) => {
      const posted = await this.poster.post(manager, {
        fundId: command.fundId,
        idempotencyKey: `return:${command.fundId}:${command.idempotencyKey}`,
        postedBy: command.actorId,
        build: (books) => postings.returned(books, { organisationId: command.organisationId, amountPence: command.amountPence, on: today, reason }),
      });
      if (!posted.replayed) await this.audit.record(manager, { actorId: command.actorId, action: 'ledger.return-money', entityType: 'fund', entityId: command.fundId, before: null, after: { transactionId: posted.id, organisationId: command.organisationId, amountPence: command.amountPence, reason } });
      return posted;
    });
  }
}
