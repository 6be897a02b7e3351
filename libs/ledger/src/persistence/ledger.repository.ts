import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { accountKey, type AccountBalance, type AccountKind, type AccountRef } from '../domain/accounts';
import type { EntryContent, StoredTransaction, TransactionContent } from '../domain/chain';

export interface AwardRow {
  id: string;
  fundId: string;
  roundId: string;
  lotKey: string;
  applicationId: string;
  amountPence: number;
  source: 'vote-result' | 'panel-decision';
  sourceRef: string;
  awardedBy: string | null;
  awardedAt: Date;
}

export interface TrancheRow {
  awardId: string;
  seq: number;
  amountPence: number;
  /** YYYY-MM-DD. */
  dueOn: string;
  scheduledBy: string;
  scheduledAt: Date;
}

export interface AcceptanceRow {
  awardId: string;
  acceptedBy: string;
  acceptedAt: Date;
  conditionsSha256: string;
  conditionsVersion: number;
  language: 'en' | 'cy';
}

/** A payment that names the tranche it pays, and has not been reversed. */
export interface TranchePaymentRow {
  awardId: string;
  trancheSeq: number;
  transactionId: string;
  reference: string;
  /** YYYY-MM-DD. */
  paidOn: string;
}

export interface BooksClosure {
  closedAt: Date;
  closedBy: string;
  reason: string;
  /** The chain's head when the books closed: nothing may follow it. */
  headSeq: number;
  headHash: string;
}

const TRANSACTION = `t.id, t.fund_id AS "fundId", t.seq::int AS seq, t.kind, t.idempotency_key AS "idempotencyKey", t.reverses, t.reason, t.memo,
  to_char(t.effective_on, 'YYYY-MM-DD') AS "effectiveOn", t.posted_at AS "postedAt", t.posted_by AS "postedBy", t.prev_hash AS "prevHash", t.hash`;
const ENTRY = `e.transaction_id AS "transactionId", e.amount_pence::text AS "amountPence", a.kind, a.organisation_id AS "organisationId", a.round_id AS "roundId", a.award_id AS "awardId"`;
const AWARD = `id, fund_id AS "fundId", round_id AS "roundId", lot_key AS "lotKey", application_id AS "applicationId", amount_pence::text AS "amountPence", source,
  source_ref AS "sourceRef", awarded_by AS "awardedBy", awarded_at AS "awardedAt"`;

const TRANCHE = `award_id AS "awardId", seq, amount_pence::text AS "amountPence", to_char(due_on, 'YYYY-MM-DD') AS "dueOn", scheduled_by AS "scheduledBy", scheduled_at AS "scheduledAt"`;
const ACCEPTANCE = `award_id AS "awardId", accepted_by AS "acceptedBy", accepted_at AS "acceptedAt", conditions_sha256 AS "conditionsSha256", conditions_version AS "conditionsVersion", language`;

type EntryRow = { transactionId: string; amountPence: string; kind: AccountKind; organisationId: string; roundId: string | null; awardId: string | null };
const entryOf = (r: EntryRow): EntryContent => ({ account: { kind: r.kind, organisationId: r.organisationId, roundId: r.roundId, awardId: r.awardId }, amountPence: Number(r.amountPence) });
const awardOf = (r: AwardRow & { amountPence: string | number }): AwardRow => ({ ...r, amountPence: Number(r.amountPence) });

/** The ledger's tables (accounts, transactions, entries, awards, tranches, acceptances): the only queries on them. Rows are only ever inserted. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  /** One posting at a time per fund, until the caller's transaction ends: the chain and the balance checks rely on it. */
  async lockFund(manager: EntityManager, fundId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`ledger:${fundId}`]);
  }

  async head(manager: EntityManager, fundId: string): Promise<{ seq: number; hash: string } | undefined> {
    const [row] = (await manager.query(`SELECT seq::int AS seq, hash FROM ledger_transactions WHERE fund_id = $1 ORDER BY seq DESC LIMIT 1`, [fundId])) as Array<{ seq: number; hash: string }>;
    return row;
  }

  /** Each account's balance, counting transactions effective on or before `on` (every one when omitted). */
  async balances(fundId: string, on?: string, manager?: EntityManager): Promise<AccountBalance[]> {
    const rows = (await this.db(manager).query(
      `SELECT a.kind, a.organisation_id AS "organisationId", a.round_id AS "roundId", a.award_id AS "awardId", coalesce(sum(e.amount_pence) FILTER (WHERE t.id IS NOT NULL), 0)::text AS "balancePence"
         FROM ledger_accounts a
         LEFT JOIN ledger_entries e ON e.account_id = a.id
         LEFT JOIN ledger_transactions t ON t.id = e.transaction_id AND ($2::date IS NULL OR t.effective_on <= $2::date)
        WHERE a.fund_id = $1
        GROUP BY a.id`,
      [fundId, on ?? null],
    )) as Array<AccountRef & { balancePence: string }>;
    return rows.map((r) => ({ ...r, balancePence: Number(r.balancePence) }));
  }

  async byKey(manager: EntityManager, idempotencyKey: string): Promise<StoredTransaction | undefined> {
    return (await this.load(manager, `t.idempotency_key = $1`, [idempotencyKey]))[0];
  }

  async byId(id: string, manager?: EntityManager): Promise<StoredTransaction | undefined> {
    return (await this.load(this.db(manager), `t.id = $1`, [id]))[0];
  }

  async reversalOf(manager: EntityManager, transactionId: string): Promise<string | undefined> {
    const [row] = (await manager.query(`SELECT id FROM ledger_transactions WHERE reverses = $1`, [transactionId])) as Array<{ id: string }>;
    return row?.id;
  }

  /** A fund's transactions in chain order, with their entries. */
  async transactions(fundId: string, manager?: EntityManager): Promise<StoredTransaction[]> {
    return this.load(this.db(manager), `t.fund_id = $1`, [fundId]);
  }

  /** Every fund that has books. */
  async fundIds(): Promise<string[]> {
    return ((await this.dataSource.query(`SELECT DISTINCT fund_id AS id FROM ledger_transactions`)) as Array<{ id: string }>).map((r) => r.id);
  }

  private async load(manager: EntityManager, where: string, params: unknown[]): Promise<StoredTransaction[]> {
    const rows = (await manager.query(`SELECT ${TRANSACTION} FROM ledger_transactions t WHERE ${where} ORDER BY t.fund_id, t.seq`, params)) as Array<Omit<StoredTransaction, 'entries'>>;
    if (rows.length === 0) return [];
    const entries = (await manager.query(
      `SELECT ${ENTRY} FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE e.transaction_id = ANY($1::uuid[]) ORDER BY e.id`,
      [rows.map((r) => r.id)],
    )) as EntryRow[];
    const byTransaction = new Map<string, EntryContent[]>(rows.map((r) => [r.id, []]));
    for (const e of entries) byTransaction.get(e.transactionId)!.push(entryOf(e));
    return rows.map((r) => ({ ...r, entries: byTransaction.get(r.id)! }));
  }

  /** Appends a transaction and its entries, opening any account it is the first to use. */
  async append(manager: EntityManager, t: TransactionContent & { hash: string }, entries: EntryContent[]): Promise<string> {
    const accountIds = await this.accountIds(manager, t.fundId, entries.map((e) => e.account));
    const [row] = (await manager.query(
      `INSERT INTO ledger_transactions (fund_id, seq, kind, idempotency_key, reverses, reason, memo, effective_on, posted_at, posted_by, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [t.fundId, t.seq, t.kind, t.idempotencyKey, t.reverses, t.reason, JSON.stringify(t.memo), t.effectiveOn, t.postedAt, t.postedBy, t.prevHash, t.hash],
    )) as Array<{ id: string }>;
    await manager.query(
      `INSERT INTO ledger_entries (transaction_id, account_id, amount_pence) SELECT $1, unnest($2::uuid[]), unnest($3::bigint[])`,
      [row!.id, entries.map((e) => accountIds.get(accountKey(e.account))!), entries.map((e) => String(e.amountPence))],
    );
    return row!.id;
  }

  private async accountIds(manager: EntityManager, fundId: string, refs: AccountRef[]): Promise<Map<string, string>> {
    const unique = [...new Map(refs.map((r) => [accountKey(r), r])).values()];
    const columns = [unique.map((r) => r.kind), unique.map((r) => r.organisationId), unique.map((r) => r.roundId), unique.map((r) => r.awardId)];
    await manager.query(
      `INSERT INTO ledger_accounts (fund_id, kind, organisation_id, round_id, award_id)
       SELECT $1, * FROM unnest($2::text[], $3::uuid[], $4::uuid[], $5::uuid[]) ON CONFLICT DO NOTHING`,
      [fundId, ...columns],
    );
    const rows = (await manager.query(
      `SELECT a.id, a.kind, a.organisation_id AS "organisationId", a.round_id AS "roundId", a.award_id AS "awardId"
         FROM ledger_accounts a JOIN unnest($2::text[], $3::uuid[], $4::uuid[], $5::uuid[]) AS r(kind, organisation_id, round_id, award_id)
           ON a.kind = r.kind AND a.organisation_id = r.organisation_id AND a.round_id IS NOT DISTINCT FROM r.round_id AND a.award_id IS NOT DISTINCT FROM r.award_id
        WHERE a.fund_id = $1`,
      [fundId, ...columns],
    )) as Array<AccountRef & { id: string }>;
    return new Map(rows.map((r) => [accountKey(r), r.id]));
  }

  async insertAward(manager: EntityManager, a: Omit<AwardRow, 'id' | 'awardedAt'>): Promise<AwardRow> {
    const [row] = (await manager.query(
      `INSERT INTO awards (fund_id, round_id, lot_key, application_id, amount_pence, source, source_ref, awarded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${AWARD}`,
      [a.fundId, a.roundId, a.lotKey, a.applicationId, a.amountPence, a.source, a.sourceRef, a.awardedBy],
    )) as AwardRow[];
    return awardOf(row!);
  }

  async award(id: string, manager?: EntityManager): Promise<AwardRow | undefined> {
    const [row] = (await this.db(manager).query(`SELECT ${AWARD} FROM awards WHERE id = $1`, [id])) as AwardRow[];
    return row && awardOf(row);
  }

  async awardsOfFund(fundId: string): Promise<AwardRow[]> {
    return ((await this.dataSource.query(`SELECT ${AWARD} FROM awards WHERE fund_id = $1 ORDER BY awarded_at, id`, [fundId])) as AwardRow[]).map(awardOf);
  }

  /** The award's commitment transaction and whether it has been reversed (withdrawn). */
  async commitment(awardId: string, manager?: EntityManager): Promise<{ transactionId: string; withdrawn: boolean } | undefined> {
    const [row] = (await this.db(manager).query(
      `SELECT t.id AS "transactionId", EXISTS (SELECT 1 FROM ledger_transactions r WHERE r.reverses = t.id) AS withdrawn
         FROM ledger_transactions t WHERE t.kind = 'award' AND t.memo->>'awardId' = $1`,
      [awardId],
    )) as Array<{ transactionId: string; withdrawn: boolean }>;
    return row;
  }

  /** Of these awards, those whose commitment has been reversed (withdrawn): one query for a whole list. */
  async withdrawn(awardIds: string[]): Promise<Set<string>> {
    if (awardIds.length === 0) return new Set();
    const rows = (await this.dataSource.query(
      `SELECT t.memo->>'awardId' AS id FROM ledger_transactions t
        WHERE t.kind = 'award' AND t.memo->>'awardId' = ANY($1::text[]) AND EXISTS (SELECT 1 FROM ledger_transactions r WHERE r.reverses = t.id)`,
      [awardIds],
    )) as Array<{ id: string }>;
    return new Set(rows.map((r) => r.id));
  }

  /** The application's award in the round whose commitment has not been reversed, if any. */
  async standingAward(manager: EntityManager, roundId: string, applicationId: string): Promise<{ awardId: string; transactionId: string } | undefined> {
    const [row] = (await manager.query(
      `SELECT a.id AS "awardId", t.id AS "transactionId"
         FROM awards a JOIN ledger_transactions t ON t.kind = 'award' AND t.memo->>'awardId' = a.id::text
        WHERE a.round_id = $1 AND a.application_id = $2 AND NOT EXISTS (SELECT 1 FROM ledger_transactions r WHERE r.reverses = t.id)`,
      [roundId, applicationId],
    )) as Array<{ awardId: string; transactionId: string }>;
    return row;
  }

  /** The application's awards, latest first (a withdrawn award may be followed by another). */
  async awardsOfApplication(applicationId: string): Promise<AwardRow[]> {
    return ((await this.dataSource.query(`SELECT ${AWARD} FROM awards WHERE application_id = $1 ORDER BY awarded_at DESC, id`, [applicationId])) as AwardRow[]).map(awardOf);
  }

  async tranches(awardIds: string[], manager?: EntityManager): Promise<TrancheRow[]> {
    if (awardIds.length === 0) return [];
    const rows = (await this.db(manager).query(`SELECT ${TRANCHE} FROM award_tranches WHERE award_id = ANY($1::uuid[]) ORDER BY award_id, seq`, [awardIds])) as Array<TrancheRow & { amountPence: string }>;
    return rows.map((r) => ({ ...r, amountPence: Number(r.amountPence) }));
  }

  async insertTranches(manager: EntityManager, awardId: string, tranches: Array<{ seq: number; amountPence: number; dueOn: string }>, scheduledBy: string): Promise<void> {
    await manager.query(
      `INSERT INTO award_tranches (award_id, seq, amount_pence, due_on, scheduled_by) SELECT $1, unnest($2::int[]), unnest($3::bigint[]), unnest($4::date[]), $5`,
      [awardId, tranches.map((t) => t.seq), tranches.map((t) => String(t.amountPence)), tranches.map((t) => t.dueOn), scheduledBy],
    );
  }

  async acceptances(awardIds: string[], manager?: EntityManager): Promise<AcceptanceRow[]> {
    if (awardIds.length === 0) return [];
    return (await this.db(manager).query(`SELECT ${ACCEPTANCE} FROM award_acceptances WHERE award_id = ANY($1::uuid[])`, [awardIds])) as AcceptanceRow[];
  }

  async insertAcceptance(manager: EntityManager, a: Omit<AcceptanceRow, 'acceptedAt'>): Promise<AcceptanceRow> {
    const [row] = (await manager.query(
      `INSERT INTO award_acceptances (award_id, accepted_by, conditions_sha256, conditions_version, language) VALUES ($1, $2, $3, $4, $5) RETURNING ${ACCEPTANCE}`,
      [a.awardId, a.acceptedBy, a.conditionsSha256, a.conditionsVersion, a.language],
    )) as AcceptanceRow[];
    return row!;
  }

  /** Payments that name a tranche and still stand (a reversed payment leaves its tranche unpaid). */
  async tranchePayments(awardIds: string[], manager?: EntityManager): Promise<TranchePaymentRow[]> {
    if (awardIds.length === 0) return [];
    return (await this.db(manager).query(
      `SELECT t.memo->>'awardId' AS "awardId", (t.memo->>'trancheSeq')::int AS "trancheSeq", t.id AS "transactionId", t.memo->>'reference' AS reference, to_char(t.effective_on, 'YYYY-MM-DD') AS "paidOn"
         FROM ledger_transactions t
        WHERE t.kind = 'payment' AND t.memo->>'awardId' = ANY($1::text[]) AND t.memo ? 'trancheSeq'
          AND NOT EXISTS (SELECT 1 FROM ledger_transactions r WHERE r.reverses = t.id)
        ORDER BY t.fund_id, t.seq`,
      [awardIds],
    )) as TranchePaymentRow[];
  }

  /** The fund's closure, if its books are closed. */
  async closure(fundId: string, manager?: EntityManager): Promise<BooksClosure | undefined> {
    const [row] = (await this.db(manager).query(
      `SELECT closed_at AS "closedAt", closed_by AS "closedBy", reason, head_seq::int AS "headSeq", head_hash AS "headHash" FROM ledger_closures WHERE fund_id = $1`,
      [fundId],
    )) as BooksClosure[];
    return row;
  }

  async close(manager: EntityManager, fundId: string, c: { closedBy: string; reason: string; headSeq: number; headHash: string }): Promise<void> {
    await manager.query(`INSERT INTO ledger_closures (fund_id, closed_by, reason, head_seq, head_hash) VALUES ($1, $2, $3, $4, $5)`, [fundId, c.closedBy, c.reason, c.headSeq, c.headHash]);
  }
}
