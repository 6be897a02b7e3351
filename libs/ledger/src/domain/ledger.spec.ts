import fc from 'fast-check';
import { account, fundMoney, reconciles, type AccountBalance } from './accounts';
import { canonicalJson, transactionHash, verifyChain, type StoredTransaction } from './chain';
import { LedgerException } from './ledger.exception';
import { Books, postings, proRata } from './postings';

const COUNCIL = '00000000-0000-4000-8000-000000000001';
const TRUST = '00000000-0000-4000-8000-000000000002';
const ROUND = '00000000-0000-4000-8000-0000000000aa';
const AWARD = '00000000-0000-4000-8000-0000000000bb';

describe('pro rata attribution', () => {
  it('splits in proportion, in whole pence that sum exactly', () => {
    expect(proRata(100_00, [{ organisationId: COUNCIL, pence: 60_000_00 }, { organisationId: TRUST, pence: 15_000_00 }])).toEqual([
      { organisationId: COUNCIL, pence: 80_00 },
      { organisationId: TRUST, pence: 20_00 },
    ]);
    // 1p between two equal holders goes to the first; never a share of zero.
    expect(proRata(1, [{ organisationId: COUNCIL, pence: 5 }, { organisationId: TRUST, pence: 5 }])).toEqual([{ organisationId: COUNCIL, pence: 1 }]);
  });

  it('always sums to the amount and never takes more than a holder has', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10_000_000_00 }), { minLength: 1, maxLength: 6 }), fc.double({ min: 0, max: 1, noNaN: true }), (held, share) => {
        const holders = held.map((pence, i) => ({ organisationId: `org-${i}`, pence }));
        const total = held.reduce((a, b) => a + b, 0);
        const amount = Math.max(1, Math.floor(total * share));
        const split = proRata(amount, holders);
        expect(split.reduce((sum, s) => sum + s.pence, 0)).toBe(amount);
        for (const s of split) expect(s.pence).toBeLessThanOrEqual(holders.find((h) => h.organisationId === s.organisationId)!.pence);
      }),
    );
  });
});

describe('postings', () => {
  const books = (balances: Array<[AccountBalance['kind'], string, number]>) =>
    new Books(balances.map(([kind, organisationId, balancePence]) => ({ kind, organisationId, roundId: kind === 'round-budget' ? ROUND : null, awardId: kind.startsWith('award') ? AWARD : null, balancePence })));

  it('balance, and refuse to spend money that is not there, naming what is left', () => {
    const held = books([['unallocated', COUNCIL, 10_000_00], ['contributions', COUNCIL, -10_000_00]]);
    const setAside = postings.setAside(held, { roundId: ROUND, amountPence: 4_000_00, on: '2026-05-01' });
    expect(setAside.entries.reduce((sum, e) => sum + e.amountPence, 0)).toBe(0);
    expect(setAside.entries).toContainEqual({ account: account.roundBudget(COUNCIL, ROUND), amountPence: 4_000_00 });
    expect(() => postings.setAside(held, { roundId: ROUND, amountPence: 10_000_01, on: '2026-05-01' })).toThrow(LedgerException);
    try {
      postings.award(books([['round-budget', COUNCIL, 500_00]]), { awardId: AWARD, roundId: ROUND, applicationId: 'a', amountPence: 600_00, on: '2026-05-01', source: 'panel-decision', sourceRef: 'x' });
      throw new Error('not refused');
    } catch (error) {
      expect((error as LedgerException).details).toEqual([{ field: 'amount', problem: 'ledger.award.notEnough', params: { needed: '£600', available: '£500' } }]);
    }
    for (const bad of [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1]) expect(() => postings.contribution({ contributionId: 'c', organisationId: COUNCIL, amountPence: bad, receivedOn: '2026-01-01', condition: null })).toThrow(LedgerException);
  });

  it('pay no more than the unpaid balance, and reverse only what has not moved on', () => {
    const committed = books([['award-committed', COUNCIL, 1_000_00], ['round-budget', COUNCIL, 0]]);
    expect(() => postings.payment(committed, { awardId: AWARD, amountPence: 1_000_01, paidOn: '2026-06-01', reference: 'R' })).toThrow(/moreThanUnpaid/);
    const award = { id: 't1', kind: 'award' as const, entries: [{ account: account.awardCommitted(COUNCIL, AWARD), amountPence: 1_000_00 }, { account: account.roundBudget(COUNCIL, ROUND), amountPence: -1_000_00 }] };
    expect(postings.reversal(committed, award, { on: '2026-06-01', reason: 'withdrawn' }).entries.map((e) => e.amountPence)).toEqual([-1_000_00, 1_000_00]);
    const partlyPaid = books([['award-committed', COUNCIL, 400_00], ['award-paid', COUNCIL, 600_00]]);
    expect(() => postings.reversal(partlyPaid, award, { on: '2026-06-01', reason: 'withdrawn' })).toThrow(/moneyMovedOn/);
    expect(() => postings.reversal(committed, { ...award, kind: 'reversal' }, { on: '2026-06-01', reason: 'x' })).toThrow(/ofReversal/);
  });
});

describe('the hash chain', () => {
  const chain = (): StoredTransaction[] => {
    const out: StoredTransaction[] = [];
    let prevHash: string | null = null;
    for (let seq = 1; seq <= 3; seq++) {
      const entries = [
        { account: account.unallocated(COUNCIL), amountPence: seq * 100 },
        { account: account.contributions(COUNCIL), amountPence: -seq * 100 },
      ];
      const content = { fundId: 'f', seq, kind: 'contribution' as const, idempotencyKey: `c${seq}`, reverses: null, reason: null, memo: { contributionId: `c${seq}`, note: { b: 1, a: 2 } }, effectiveOn: '2026-01-01', postedAt: new Date(Date.UTC(2026, 0, seq)), postedBy: null, prevHash };
      const hash = transactionHash(content, entries);
      out.push({ ...content, id: `t${seq}`, hash, entries });
      prevHash = hash;
    }
    return out;
  };

  it('holds for untouched books, whatever order entries and memo keys come back in', () => {
    const transactions = chain();
    transactions[1].entries.reverse();
    transactions[1].memo = { note: { a: 2, b: 1 }, contributionId: 'c2' };
    expect(verifyChain(transactions)).toBeNull();
    expect(canonicalJson({ b: [1, { d: 1, c: null }], a: 'x' })).toBe('{"a":"x","b":[1,{"c":null,"d":1}]}');
  });

  it('reports the first break: an edited amount, a changed date, a removed transaction, a rewritten hash', () => {
    const edited = chain();
    edited[1].entries = edited[1].entries.map((e) => ({ ...e, amountPence: e.amountPence * 2 }));
    expect(verifyChain(edited)).toMatchObject({ seq: 2, problem: 'hashMismatch' });
    const redated = chain();
    redated[0].effectiveOn = '2025-12-31';
    expect(verifyChain(redated)).toMatchObject({ seq: 1, problem: 'hashMismatch' });
    const removed = chain();
    removed.splice(1, 1);
    expect(verifyChain(removed)).toMatchObject({ seq: 3, problem: 'sequenceGap' });
    const rehashed = chain();
    rehashed[1].entries[0].amountPence += 1;
    rehashed[1].entries[1].amountPence -= 1;
    rehashed[1].hash = transactionHash(rehashed[1], rehashed[1].entries);
    // Recomputing one hash breaks the link to the next.
    expect(verifyChain(rehashed)).toMatchObject({ seq: 3, problem: 'previousHashMismatch' });
    const unbalanced = chain();
    unbalanced[2].entries[0].amountPence += 1;
    expect(verifyChain(unbalanced)).toMatchObject({ seq: 3, problem: 'unbalanced' });
  });
});

describe('the fund at a glance', () => {
  it('reconciles contributions with where the money is', () => {
    const money = fundMoney([
      { ...account.contributions(COUNCIL), balancePence: -10_000_00 },
      { ...account.unallocated(COUNCIL), balancePence: 5_000_00 },
      { ...account.roundBudget(COUNCIL, ROUND), balancePence: 2_000_00 },
      { ...account.awardCommitted(COUNCIL, AWARD), balancePence: 1_500_00 },
      { ...account.awardPaid(COUNCIL, AWARD), balancePence: 1_000_00 },
      { ...account.returned(COUNCIL), balancePence: 500_00 },
    ]);
    expect(money).toEqual({ contributedPence: 10_000_00, availablePence: 5_000_00, setAsidePence: 2_000_00, committedPence: 1_500_00, paidPence: 1_000_00, returnedPence: 500_00 });
    expect(reconciles(money)).toBe(true);
    expect(reconciles({ ...money, paidPence: 1_000_01 })).toBe(false);
  });
});
