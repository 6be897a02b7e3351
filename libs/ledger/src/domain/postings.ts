import { formatPence } from '@commonpurse/kernel';
import { account, accountKey, type AccountBalance, type AccountKind, type AccountRef } from './accounts';
import type { EntryContent, TransactionKind } from './chain';
import { LedgerException, LedgerRefusal } from './ledger.exception';

/** What a posting asks the books to do, before it gets its place in the chain. */
export interface PostingDraft {
  kind: TransactionKind;
  entries: EntryContent[];
  memo: Record<string, string | number>;
  /** YYYY-MM-DD. */
  effectiveOn: string;
  reason: string | null;
  reverses: string | null;
}

/** The fund's balances as they stand, looked up by account. */
export class Books {
  private readonly byKey = new Map<string, AccountBalance>();

  constructor(balances: AccountBalance[]) {
    for (const b of balances) this.byKey.set(accountKey(b), b);
  }

  balance(ref: AccountRef): number {
    return this.byKey.get(accountKey(ref))?.balancePence ?? 0;
  }

  /** The accounts of one kind (for one round or award) that hold money, by contributor. */
  holding(kind: AccountKind, where: { roundId?: string; awardId?: string } = {}): Array<{ organisationId: string; pence: number }> {
    return [...this.byKey.values()]
      .filter((b) => b.kind === kind && b.balancePence > 0 && (where.roundId === undefined || b.roundId === where.roundId) && (where.awardId === undefined || b.awardId === where.awardId))
      .map((b) => ({ organisationId: b.organisationId, pence: b.balancePence }))
      .sort((a, b) => (a.organisationId < b.organisationId ? -1 : 1));
  }
}

const positive = (pence: number, field = 'amount') => {
  if (!Number.isSafeInteger(pence) || pence <= 0) throw new LedgerException(LedgerRefusal.Invalid, field, 'ledger.amountInvalid');
};

/**
 * Splits `pence` across holders in proportion to what each holds (largest remainder, ties to the
 * earlier organisation id): whole pence, summing exactly, never more than a holder has.
 */
export function proRata(pence: number, holders: Array<{ organisationId: string; pence: number }>): Array<{ organisationId: string; pence: number }> {
  const total = holders.reduce((sum, h) => sum + BigInt(h.pence), 0n);
  if (total < BigInt(pence)) throw new Error('proRata: not enough to split');
  const shares = holders.map((h, i) => {
    const exact = BigInt(pence) * BigInt(h.pence);
    return { i, organisationId: h.organisationId, pence: Number(exact / total), remainder: exact % total };
  });
  let left = pence - shares.reduce((sum, s) => sum + s.pence, 0);
  for (const s of [...shares].sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1))) {
    if (left === 0) break;
    s.pence += 1;
    left -= 1;
  }
  return shares.filter((s) => s.pence > 0).map((s) => ({ organisationId: s.organisationId, pence: s.pence }));
}

/** Moves money attributed to each contributor from one account to another of theirs. */
function moves(split: Array<{ organisationId: string; pence: number }>, to: (org: string) => AccountRef, from: (org: string) => AccountRef): EntryContent[] {
  return split.flatMap((s) => [
    { account: to(s.organisationId), amountPence: s.pence },
    { account: from(s.organisationId), amountPence: -s.pence },
  ]);
}

export const postings = {
  /** Money received from a funding organisation, into its pot of unallocated money. */
  contribution(c: { contributionId: string; organisationId: string; amountPence: number; receivedOn: string; condition: string | null }): PostingDraft {
    positive(c.amountPence);
    return {
      kind: 'contribution',
      entries: [
        { account: account.unallocated(c.organisationId), amountPence: c.amountPence },
        { account: account.contributions(c.organisationId), amountPence: -c.amountPence },
      ],
      memo: { contributionId: c.contributionId, ...(c.condition ? { condition: c.condition } : {}) },
      effectiveOn: c.receivedOn,
      reason: null,
      reverses: null,
    };
  },

  /** A round's budget set aside from the fund's unallocated money, pro rata to each contributor's pot. */
  setAside(books: Books, s: { roundId: string; amountPence: number; on: string }): PostingDraft {
    positive(s.amountPence);
    const pots = books.holding('unallocated');
    const available = pots.reduce((sum, p) => sum + p.pence, 0);
    if (available < s.amountPence) throw new LedgerException(LedgerRefusal.InsufficientFunds, 'amount', 'ledger.setAside.notEnough', { needed: formatPence(s.amountPence), available: formatPence(available) });
    return {
      kind: 'set-aside',
      entries: moves(proRata(s.amountPence, pots), (org) => account.roundBudget(org, s.roundId), account.unallocated),
      memo: { roundId: s.roundId },
      effectiveOn: s.on,
      reason: null,
      reverses: null,
    };
  },

  /** An award committed from its round's budget, attributed to the round's contributors pro rata. */
  award(books: Books, a: { awardId: string; roundId: string; applicationId: string; amountPence: number; on: string; source: string; sourceRef: string }): PostingDraft {
    positive(a.amountPence);
    const pots = books.holding('round-budget', { roundId: a.roundId });
    const available = pots.reduce((sum, p) => sum + p.pence, 0);
    if (available < a.amountPence) throw new LedgerException(LedgerRefusal.InsufficientFunds, 'amount', 'ledger.award.notEnough', { needed: formatPence(a.amountPence), available: formatPence(available) });
    return {
      kind: 'award',
      entries: moves(proRata(a.amountPence, pots), (org) => account.awardCommitted(org, a.awardId), (org) => account.roundBudget(org, a.roundId)),
      memo: { awardId: a.awardId, roundId: a.roundId, applicationId: a.applicationId, source: a.source, sourceRef: a.sourceRef },
      effectiveOn: a.on,
      reason: null,
      reverses: null,
    };
  },

  /** A payment to the grantee, never more than the award's unpaid balance; attributed as the commitment was. The tranche it pays, if any, is in its memo (and so in its hash). */
  payment(books: Books, p: { awardId: string; amountPence: number; paidOn: string; reference: string; trancheSeq?: number }): PostingDraft {
    positive(p.amountPence);
    const committed = books.holding('award-committed', { awardId: p.awardId });
    const unpaid = committed.reduce((sum, c) => sum + c.pence, 0);
    if (unpaid < p.amountPence) throw new LedgerException(LedgerRefusal.InsufficientFunds, 'amount', 'ledger.payment.moreThanUnpaid', { unpaid: formatPence(unpaid) });
    return {
      kind: 'payment',
      entries: moves(proRata(p.amountPence, committed), (org) => account.awardPaid(org, p.awardId), (org) => account.awardCommitted(org, p.awardId)),
      memo: { awardId: p.awardId, reference: p.reference, ...(p.trancheSeq !== undefined ? { trancheSeq: p.trancheSeq } : {}) },
      effectiveOn: p.paidOn,
      reason: null,
      reverses: null,
    };
  },

  /** Unallocated money handed back to the organisation that gave it. */
  returned(books: Books, r: { organisationId: string; amountPence: number; on: string; reason: string }): PostingDraft {
    positive(r.amountPence);
    const available = books.balance(account.unallocated(r.organisationId));
    if (available < r.amountPence) throw new LedgerException(LedgerRefusal.InsufficientFunds, 'amount', 'ledger.return.notEnough', { available: formatPence(available) });
    return {
      kind: 'return',
      entries: [
        { account: account.returned(r.organisationId), amountPence: r.amountPence },
        { account: account.unallocated(r.organisationId), amountPence: -r.amountPence },
      ],
      memo: { organisationId: r.organisationId },
      effectiveOn: r.on,
      reason: r.reason,
      reverses: null,
    };
  },

  /**
   * A correction: the original's entries, negated, with the reason. Refused when the money has
   * moved on since (a contribution already set aside, an award partly paid): undoing it would
   * leave an account below zero, so what came after must be reversed first.
   */
  reversal(books: Books, original: { id: string; kind: TransactionKind; entries: EntryContent[] }, r: { on: string; reason: string }): PostingDraft {
    if (original.kind === 'reversal') throw new LedgerException(LedgerRefusal.Conflict, 'transaction', 'ledger.reversal.ofReversal');
    const entries = original.entries.map((e) => ({ account: e.account, amountPence: -e.amountPence }));
    for (const e of entries) {
      if (e.account.kind !== 'contributions' && books.balance(e.account) + e.amountPence < 0) {
        throw new LedgerException(LedgerRefusal.InsufficientFunds, 'transaction', 'ledger.reversal.moneyMovedOn', { kind: e.account.kind });
      }
    }
    return { kind: 'reversal', entries, memo: { reversedKind: original.kind }, effectiveOn: r.on, reason: r.reason, reverses: original.id };
  },
};
