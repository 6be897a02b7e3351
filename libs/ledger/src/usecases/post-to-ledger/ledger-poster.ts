import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { transactionHash } from '../../domain/chain';
import { LedgerException, LedgerRefusal } from '../../domain/ledger.exception';
import { Books, type PostingDraft } from '../../domain/postings';
import { LedgerRepository } from '../../persistence/ledger.repository';

export interface Posted {
  id: string;
  seq: number;
  hash: string;
  /** True when the idempotency key had been posted already: this is that transaction, not a new one. */
  replayed: boolean;
}

/**
 * The one way money enters the books, always inside the caller's database transaction, so the
 * posting and the change it records stand or fall together. Postings to a fund queue behind a
 * lock held until that transaction ends: the balances a posting is checked against are the ones
 * it is written over, so no two awards can spend the same pound (whatever process they come
 * from), and each transaction's hash follows the one before it.
 */
@Injectable()
export class LedgerPoster {
  constructor(private readonly ledger: LedgerRepository) {}

  async post(manager: EntityManager, request: { fundId: string; idempotencyKey: string; postedBy: string | null; build: (books: Books) => PostingDraft }): Promise<Posted> {
    await this.ledger.lockFund(manager, request.fundId);
    // Closed books take nothing more (under the lock, so a closing and a posting cannot cross).
    if (await this.ledger.closure(request.fundId, manager)) throw new LedgerException(LedgerRefusal.Conflict, 'fund', 'ledger.closed');
    const earlier = await this.ledger.byKey(manager, request.idempotencyKey);
    if (earlier) {
      if (earlier.fundId !== request.fundId) throw new LedgerException(LedgerRefusal.Conflict, 'idempotencyKey', 'ledger.keyReused');
      return { id: earlier.id, seq: earlier.seq, hash: earlier.hash, replayed: true };
    }
    const draft = request.build(new Books(await this.ledger.balances(request.fundId, undefined, manager)));
    if (draft.reverses && (await this.ledger.reversalOf(manager, draft.reverses))) throw new LedgerException(LedgerRefusal.Conflict, 'transaction', 'ledger.reversal.already');
    const head = await this.ledger.head(manager, request.fundId);
    const content = {
      fundId: request.fundId,
      seq: (head?.seq ?? 0) + 1,
      kind: draft.kind,
      idempotencyKey: request.idempotencyKey,
      reverses: draft.reverses,
      reason: draft.reason,
      memo: draft.memo,
      effectiveOn: draft.effectiveOn,
      postedAt: new Date(),
      postedBy: request.postedBy,
      prevHash: head?.hash ?? null,
    };
    const hash = transactionHash(content, draft.entries);
    const id = await this.ledger.append(manager, { ...content, hash }, draft.entries);
    return { id, seq: content.seq, hash, replayed: false };
  }
}
