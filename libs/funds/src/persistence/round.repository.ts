import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isUuid } from '@commonpurse/kernel';
import type { PhaseWindow } from '../domain/round-timeline';

export interface RoundRow {
  id: string;
  fundId: string;
  slug: string;
  name: string;
  budgetPence: number;
  grantMinPence: number;
  grantMaxPence: number;
  createdAt: Date;
}

const ROUND_COLUMNS = `r.id, r.fund_id AS "fundId", r.slug, r.name, r.budget_pence AS "budgetPence", r.grant_min_pence AS "grantMinPence", r.grant_max_pence AS "grantMaxPence", r.created_at AS "createdAt"`;
const numbers = (r: RoundRow): RoundRow => ({ ...r, budgetPence: Number(r.budgetPence), grantMinPence: Number(r.grantMinPence), grantMaxPence: Number(r.grantMaxPence) });

/** Rounds and their phase timelines. */
@Injectable()
export class RoundRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The fund's money not yet given to a round, with the fund row locked until the transaction
   * ends, so two rounds created at once cannot both spend the same pounds.
   */
  async lockUnallocated(manager: EntityManager, fundId: string): Promise<number> {
    await manager.query(`SELECT id FROM funds WHERE id = $1 FOR UPDATE`, [fundId]);
    const [row] = (await manager.query(
      `SELECT (SELECT coalesce(sum(amount_pence), 0) FROM fund_contributions WHERE fund_id = $1)
            - (SELECT coalesce(sum(budget_pence), 0) FROM rounds WHERE fund_id = $1) AS unallocated`,
      [fundId],
    )) as Array<{ unallocated: string }>;
    return Number(row.unallocated);
  }

  async slugsLike(manager: EntityManager, fundId: string, base: string): Promise<string[]> {
    const rows = (await manager.query(`SELECT slug FROM rounds WHERE fund_id = $1 AND (slug = $2 OR slug LIKE $2 || '-%')`, [fundId, base])) as Array<{ slug: string }>;
    return rows.map((r) => r.slug);
  }

  async insert(manager: EntityManager, round: Omit<RoundRow, 'id' | 'createdAt'> & { createdBy: string }, phases: PhaseWindow[]): Promise<RoundRow> {
    const [row] = (await manager.query(
      `INSERT INTO rounds AS r (fund_id, slug, name, budget_pence, grant_min_pence, grant_max_pence, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${ROUND_COLUMNS}`,
      [round.fundId, round.slug, round.name, round.budgetPence, round.grantMinPence, round.grantMaxPence, round.createdBy],
    )) as RoundRow[];
    for (const p of phases) {
      await manager.query(`INSERT INTO round_phases (round_id, phase, enabled, opens_at, closes_at) VALUES ($1, $2, $3, $4, $5)`, [row.id, p.phase, p.enabled, p.opensAt, p.closesAt]);
    }
    return numbers(row);
  }

  async listForFund(fundId: string): Promise<RoundRow[]> {
    return ((await this.dataSource.query(`SELECT ${ROUND_COLUMNS} FROM rounds r WHERE r.fund_id = $1 ORDER BY r.created_at`, [fundId])) as RoundRow[]).map(numbers);
  }

  async find(fundId: string, slugOrId: string): Promise<RoundRow | undefined> {
    const [row] = (await this.dataSource.query(`SELECT ${ROUND_COLUMNS} FROM rounds r WHERE r.fund_id = $1 AND ${isUuid(slugOrId) ? 'r.id' : 'r.slug'} = $2`, [fundId, slugOrId])) as RoundRow[];
    return row ? numbers(row) : undefined;
  }

  async phases(roundId: string): Promise<PhaseWindow[]> {
    const rows = (await this.dataSource.query(`SELECT phase, enabled, opens_at AS "opensAt", closes_at AS "closesAt" FROM round_phases WHERE round_id = $1`, [roundId])) as PhaseWindow[];
    return rows;
  }
}

