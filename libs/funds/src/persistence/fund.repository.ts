import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isUuid } from '@commonpurse/kernel';
import type { FundArea } from '../domain/fund-area';

export interface FundRow {
  id: string;
  slug: string;
  name: string;
  purpose: string;
  currency: string;
  createdAt: Date;
}

export interface ContributionRow {
  id: string;
  organisationIdentifier: string;
  organisationName: string;
  amountPence: number;
  receivedOn: string;
  condition: string | null;
  recordedAt: Date;
}

/** An organisation whose money is in the fund, in the order it first contributed (the lead funder first). */
export interface FunderRow {
  id: string;
  identifier: string;
  name: string;
  /** Its registered 360Giving grant-id prefix (e.g. 360G-bristolcc), which its published grant ids start with. */
  grantPrefix: string | null;
}

export interface FundSummary extends FundRow {
  totalPence: number;
  contributors: number;
}

const FUND_COLUMNS = `f.id, f.slug, f.name, f.purpose, f.currency, f.created_at AS "createdAt"`;

/** Funds, their areas, funding organisations and contributions: the only queries on those tables. */
@Injectable()
export class FundRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  async slugsLike(base: string, manager?: EntityManager): Promise<string[]> {
    const rows = (await this.db(manager).query(`SELECT slug FROM funds WHERE slug = $1 OR slug LIKE $1 || '-%'`, [base])) as Array<{ slug: string }>;
    return rows.map((r) => r.slug);
  }

  async insertFund(manager: EntityManager, fund: { slug: string; name: string; purpose: string; createdBy: string | null }, areas: FundArea[]): Promise<FundRow> {
    const [row] = (await manager.query(`INSERT INTO funds (slug, name, purpose, created_by) VALUES ($1, $2, $3, $4) RETURNING id, slug, name, purpose, currency, created_at AS "createdAt"`, [
      fund.slug,
      fund.name,
      fund.purpose,
      fund.createdBy,
    ])) as FundRow[];
    await this.writeAreas(manager, row.id, areas);
    return row;
  }

  async replaceAreas(manager: EntityManager, fundId: string, areas: FundArea[]): Promise<void> {
    await manager.query(`DELETE FROM fund_areas WHERE fund_id = $1`, [fundId]);
    await this.writeAreas(manager, fundId, areas);
  }

  private async writeAreas(manager: EntityManager, fundId: string, areas: FundArea[]): Promise<void> {
    for (const area of areas) {
      await manager.query(`INSERT INTO fund_areas (fund_id, kind, code, name) VALUES ($1, $2, $3, $4)`, [fundId, area.kind, area.code, area.name]);
    }
  }

  /** The organisation with this identifier, created if new (its name is kept as first given). */
  async organisationId(manager: EntityManager, identifier: string, name: string): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO funding_organisations (identifier, name) VALUES ($1, $2)
       ON CONFLICT (identifier) DO UPDATE SET identifier = EXCLUDED.identifier RETURNING id`,
      [identifier, name],
    )) as Array<{ id: string }>;
    return row.id;
  }

  async insertContribution(
    manager: EntityManager,
    contribution: { fundId: string; organisationId: string; amountPence: number; receivedOn: string; condition: string | null; recordedBy: string | null },
  ): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO fund_contributions (fund_id, organisation_id, amount_pence, received_on, condition, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [contribution.fundId, contribution.organisationId, contribution.amountPence, contribution.receivedOn, contribution.condition, contribution.recordedBy],
    )) as Array<{ id: string }>;
    return row.id;
  }

  async lock(manager: EntityManager, id: string): Promise<FundRow | undefined> {
    const [row] = (await manager.query(`SELECT ${FUND_COLUMNS} FROM funds f WHERE f.id = $1 FOR UPDATE`, [id])) as FundRow[];
    return row;
  }

  async updateText(manager: EntityManager, id: string, text: { name: string; purpose: string }): Promise<void> {
    await manager.query(`UPDATE funds SET name = $2, purpose = $3, updated_at = now() WHERE id = $1`, [id, text.name, text.purpose]);
  }

  async list(): Promise<FundSummary[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${FUND_COLUMNS}, coalesce(sum(c.amount_pence), 0)::bigint AS "totalPence", count(DISTINCT c.organisation_id)::int AS contributors
         FROM funds f LEFT JOIN fund_contributions c ON c.fund_id = f.id
        GROUP BY f.id ORDER BY f.created_at DESC`,
    )) as Array<FundSummary & { totalPence: string }>;
    return rows.map((r) => ({ ...r, totalPence: Number(r.totalPence) }));
  }

  async findBySlugOrId(key: string, manager?: EntityManager): Promise<FundRow | undefined> {
    const [row] = (await this.db(manager).query(`SELECT ${FUND_COLUMNS} FROM funds f WHERE ${isUuid(key) ? 'f.id = $1' : 'f.slug = $1'}`, [key])) as FundRow[];
    return row;
  }

  async areas(fundId: string, manager?: EntityManager): Promise<FundArea[]> {
    return (await this.db(manager).query(`SELECT kind, code, name FROM fund_areas WHERE fund_id = $1 ORDER BY kind DESC, code`, [fundId])) as FundArea[];
  }

  async contributions(fundId: string): Promise<ContributionRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT c.id, o.identifier AS "organisationIdentifier", o.name AS "organisationName", c.amount_pence AS "amountPence",
              to_char(c.received_on, 'YYYY-MM-DD') AS "receivedOn", c.condition, c.recorded_at AS "recordedAt"
         FROM fund_contributions c JOIN funding_organisations o ON o.id = c.organisation_id
        WHERE c.fund_id = $1 ORDER BY c.received_on, c.recorded_at`,
      [fundId],
    )) as Array<ContributionRow & { amountPence: string }>;
    return rows.map((r) => ({ ...r, amountPence: Number(r.amountPence) }));
  }

  async funders(fundId: string, manager?: EntityManager): Promise<FunderRow[]> {
    return (await this.db(manager).query(
      `SELECT o.id, o.identifier, o.name, o.grant_prefix AS "grantPrefix"
         FROM funding_organisations o JOIN fund_contributions c ON c.organisation_id = o.id
        WHERE c.fund_id = $1 GROUP BY o.id ORDER BY min(c.recorded_at), o.identifier`,
      [fundId],
    )) as FunderRow[];
  }

  async setGrantPrefix(manager: EntityManager, organisationId: string, grantPrefix: string | null): Promise<void> {
    await manager.query(`UPDATE funding_organisations SET grant_prefix = $2 WHERE id = $1`, [organisationId, grantPrefix]);
  }
}
