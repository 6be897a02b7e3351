import { createHash } from 'node:crypto';
import { accountKey, type AccountRef } from './accounts';

export const TRANSACTION_KINDS = ['contribution', 'set-aside', 'award', 'payment', 'return', 'reversal'] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

/** What a transaction's hash covers: everything about it, its entries and the previous hash. */
export interface TransactionContent {
  fundId: string;
  seq: number;
  kind: TransactionKind;
  idempotencyKey: string;
  reverses: string | null;
  reason: string | null;
  memo: Record<string, unknown>;
  /** YYYY-MM-DD: the day the money moved. */
  effectiveOn: string;
  postedAt: Date;
  postedBy: string | null;
  prevHash: string | null;
}

export interface EntryContent {
  account: AccountRef;
  /** Debit positive, credit negative. */
  amountPence: number;
}

/** JSON with object keys sorted at every depth, so the same content always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object)
    .filter((k) => object[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k])}`).join(',')}}`;
}

/**
 * SHA-256 of the transaction with its entries. Entries are sorted, so the order rows come back
 * from the database never matters; amounts are written as integers, dates as ISO strings.
 */
export function transactionHash(t: TransactionContent, entries: EntryContent[]): string {
  const lines = entries.map((e) => [accountKey(e.account), e.amountPence] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  const content = {
    v: 1,
    fund: t.fundId,
    seq: t.seq,
    kind: t.kind,
    key: t.idempotencyKey,
    reverses: t.reverses,
    reason: t.reason,
    memo: t.memo,
    effectiveOn: t.effectiveOn,
    postedAt: t.postedAt.toISOString(),
    postedBy: t.postedBy,
    entries: lines,
    prev: t.prevHash,
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export interface StoredTransaction extends TransactionContent {
  id: string;
  hash: string;
  entries: EntryContent[];
}

export type ChainProblem = 'sequenceGap' | 'previousHashMismatch' | 'hashMismatch' | 'unbalanced' | 'tooFewEntries';

export interface ChainBreak {
  fundId: string;
  seq: number;
  transactionId: string;
  problem: ChainProblem;
}

/**
 * Walks one fund's transactions in sequence and returns the first that does not follow from the
 * ones before it, or null when the whole chain holds. Recomputing every hash is what catches a
 * row changed behind the code's back (triggers disabled, or the table edited by hand).
 */
export function verifyChain(transactions: Iterable<StoredTransaction>): ChainBreak | null {
  let expectedSeq = 1;
  let prevHash: string | null = null;
  for (const t of transactions) {
    const at = (problem: ChainProblem): ChainBreak => ({ fundId: t.fundId, seq: t.seq, transactionId: t.id, problem });
    if (t.seq !== expectedSeq) return at('sequenceGap');
    if (t.prevHash !== prevHash) return at('previousHashMismatch');
    if (t.entries.length < 2) return at('tooFewEntries');
    if (t.entries.reduce((sum, e) => sum + e.amountPence, 0) !== 0) return at('unbalanced');
    if (transactionHash(t, t.entries) !== t.hash) return at('hashMismatch');
    prevHash = t.hash;
    expectedSeq += 1;
  }
  return null;
}
