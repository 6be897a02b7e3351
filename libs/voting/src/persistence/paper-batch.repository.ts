import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { KeyedSheet } from '../domain/paper-batch';

/** What became of one sheet when its batch was entered: entered, or the reason it was not (a message key). */
export interface SheetOutcome {
  sheet: number;
  email: string;
  entered: boolean;
  problem: string | null;
  params?: Record<string, string | number>;
}

export interface PaperBatchRow {
  id: string;
  roundId: string;
  lotKey: string;
  label: string;
  createdBy: string;
  createdAt: Date;
  committedBy: string | null;
  committedAt: Date | null;
  report: SheetOutcome[] | null;
}

export interface KeyingRow {
  batchId: string;
  keyedBy: string;
  sheets: KeyedSheet[];
  keyedAt: Date;
}

const BATCH = `id, round_id AS "roundId", lot_key AS "lotKey", label, created_by AS "createdBy", created_at AS "createdAt", committed_by AS "committedBy", committed_at AS "committedAt", report`;
const KEYING = `batch_id AS "batchId", keyed_by AS "keyedBy", sheets, keyed_at AS "keyedAt"`;

/** Batches of paper ballots and their keyings: the only queries on those tables. */
@Injectable()
export class PaperBatchRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  /** A new batch; undefined when the round's lot has one with that label already (in any case). */
  async insert(manager: EntityManager, b: { roundId: string; lotKey: string; label: string; createdBy: string }): Promise<PaperBatchRow | undefined> {
    const [row] = (await manager.query(
      `INSERT INTO paper_batches (round_id, lot_key, label, created_by) VALUES ($1, $2, $3, $4) ON CONFLICT (round_id, lot_key, lower(label)) DO NOTHING RETURNING ${BATCH}`,
      [b.roundId, b.lotKey, b.label, b.createdBy],
    )) as PaperBatchRow[];
    return row;
  }

  async byId(roundId: string, id: string, manager?: EntityManager): Promise<PaperBatchRow | undefined> {
    const [row] = (await this.db(manager).query(`SELECT ${BATCH} FROM paper_batches WHERE round_id = $1 AND id = $2`, [roundId, id])) as PaperBatchRow[];
    return row;
  }

  /** The batch, locked until the transaction ends: keyings of one batch are compared (and it is entered) one at a time. */
  async lock(manager: EntityManager, id: string): Promise<PaperBatchRow> {
    const [row] = (await manager.query(`SELECT ${BATCH} FROM paper_batches WHERE id = $1 FOR UPDATE`, [id])) as PaperBatchRow[];
    return row;
  }

  async forRound(roundId: string): Promise<PaperBatchRow[]> {
    return (await this.dataSource.query(`SELECT ${BATCH} FROM paper_batches WHERE round_id = $1 ORDER BY created_at, id`, [roundId])) as PaperBatchRow[];
  }

  /** A batch's keyings, first keyed first. */
  async keyings(batchId: string, manager?: EntityManager): Promise<KeyingRow[]> {
    return (await this.db(manager).query(`SELECT ${KEYING} FROM paper_batch_keyings WHERE batch_id = $1 ORDER BY keyed_at, keyed_by`, [batchId])) as KeyingRow[];
  }

  async keyingsOf(batchIds: string[]): Promise<KeyingRow[]> {
    if (batchIds.length === 0) return [];
    return (await this.dataSource.query(`SELECT ${KEYING} FROM paper_batch_keyings WHERE batch_id = ANY($1) ORDER BY keyed_at, keyed_by`, [batchIds])) as KeyingRow[];
  }

  /** This person's keying of the batch, made or replaced (a re-keyed copy keeps its place: it was first or second). */
  async saveKeying(manager: EntityManager, batchId: string, keyedBy: string, sheets: KeyedSheet[]): Promise<void> {
    await manager.query(
      `INSERT INTO paper_batch_keyings (batch_id, keyed_by, sheets) VALUES ($1, $2, $3) ON CONFLICT (batch_id, keyed_by) DO UPDATE SET sheets = EXCLUDED.sheets`,
      [batchId, keyedBy, JSON.stringify(sheets)],
    );
  }

  /** The batch entered: who entered it, each sheet's outcome, and the ballots it made, which name it. */
  async markCommitted(manager: EntityManager, id: string, by: string, report: SheetOutcome[], ballotIds: string[]): Promise<void> {
    await manager.query(`UPDATE paper_batches SET committed_by = $2, committed_at = now(), report = $3 WHERE id = $1`, [id, by, JSON.stringify(report)]);
    if (ballotIds.length > 0) await manager.query(`UPDATE ballots SET batch_id = $2 WHERE id = ANY($1)`, [ballotIds, id]);
  }
}
