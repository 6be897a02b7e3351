/**
 * The chart of accounts. Every account belongs to one fund and one contributor (the funding
 * organisation whose money it holds), so attribution is never lost; round budgets and awards add
 * the round or award they are for.
 *
 * `contributions` is the one credit-normal account: what each organisation put in (the outside
 * world's side). Every other account says where that money is now, so at every moment
 *   contributed = available + set aside + committed + paid + returned.
 */
export const ACCOUNT_KINDS = ['contributions', 'unallocated', 'round-budget', 'award-committed', 'award-paid', 'returned'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export interface AccountRef {
  kind: AccountKind;
  organisationId: string;
  roundId: string | null;
  awardId: string | null;
}

/** One string per account, the same in the database's eyes (the unique key) and in the hash. */
export function accountKey(a: AccountRef): string {
  return `${a.kind}/${a.organisationId}/${a.roundId ?? ''}/${a.awardId ?? ''}`;
}

export const account = {
  contributions: (organisationId: string): AccountRef => ({ kind: 'contributions', organisationId, roundId: null, awardId: null }),
  unallocated: (organisationId: string): AccountRef => ({ kind: 'unallocated', organisationId, roundId: null, awardId: null }),
  roundBudget: (organisationId: string, roundId: string): AccountRef => ({ kind: 'round-budget', organisationId, roundId, awardId: null }),
  awardCommitted: (organisationId: string, awardId: string): AccountRef => ({ kind: 'award-committed', organisationId, roundId: null, awardId }),
  awardPaid: (organisationId: string, awardId: string): AccountRef => ({ kind: 'award-paid', organisationId, roundId: null, awardId }),
  returned: (organisationId: string): AccountRef => ({ kind: 'returned', organisationId, roundId: null, awardId: null }),
};

/** An account with its balance in pence, debit-positive (so `contributions` is negative or zero). */
export interface AccountBalance extends AccountRef {
  balancePence: number;
}

/** The fund at a glance: each figure positive, in pence. */
export interface FundMoney {
  contributedPence: number;
  /** Not yet set aside for any round. */
  availablePence: number;
  /** Set aside for rounds, not yet committed to an award. */
  setAsidePence: number;
  /** Committed to awards, not yet paid. */
  committedPence: number;
  paidPence: number;
  returnedPence: number;
}

const BUCKET: Record<Exclude<AccountKind, 'contributions'>, keyof FundMoney> = {
  unallocated: 'availablePence',
  'round-budget': 'setAsidePence',
  'award-committed': 'committedPence',
  'award-paid': 'paidPence',
  returned: 'returnedPence',
};

export function fundMoney(balances: AccountBalance[]): FundMoney {
  const money: FundMoney = { contributedPence: 0, availablePence: 0, setAsidePence: 0, committedPence: 0, paidPence: 0, returnedPence: 0 };
  for (const b of balances) {
    if (b.kind === 'contributions') money.contributedPence -= b.balancePence;
    else money[BUCKET[b.kind]] += b.balancePence;
  }
  return money;
}

/** The identity the books must always satisfy; false means they are broken. */
export function reconciles(m: FundMoney): boolean {
  return m.contributedPence === m.availablePence + m.setAsidePence + m.committedPence + m.paidPence + m.returnedPence;
}
