import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DEFAULT_BALLOT, type BallotSettings, type Choice } from '../domain/ballot';
import type { LotsPerVoter, Verification } from '../domain/eligibility';

export interface SettingsRow extends BallotSettings {
  roundId: string;
  verification: Verification;
  supportThreshold: number | null;
  lotsPerVoter: LotsPerVoter;
  version: number;
}

export interface BallotRow {
  id: string;
  roundId: string;
  lotKey: string;
  voterId: string;
  draft: Choice[] | null;
  choices: Choice[] | null;
  confirmedAt: Date | null;
  publishedId: string | null;
  source: 'online' | 'paper';
  enteredBy: string | null;
  confirmKey: string | null;
  version: number;
  updatedAt: Date;
}

const SETTINGS = `round_id AS "roundId", min_choices AS "minChoices", max_choices AS "maxChoices", points, max_points_per_project AS "maxPointsPerProject", min_spend_percent AS "minSpendPercent", verification, support_threshold AS "supportThreshold", lots_per_voter AS "lotsPerVoter", version`;
const BALLOT = `id, round_id AS "roundId", lot_key AS "lotKey", voter_id AS "voterId", draft, choices, confirmed_at AS "confirmedAt", published_id AS "publishedId", source, entered_by AS "enteredBy", confirm_key AS "confirmKey", version, updated_at AS "updatedAt"`;

/** Ballot settings, voters' declarations and the ballots: the only queries on those tables. */
@Injectable()
export class BallotRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  // --- settings ---

  async settings(roundId: string, manager?: EntityManager): Promise<SettingsRow> {
    const [row] = (await this.db(manager).query(`SELECT ${SETTINGS} FROM ballot_settings WHERE round_id = $1`, [roundId])) as SettingsRow[];
    return row ?? { roundId, ...DEFAULT_BALLOT, verification: 'declaration', supportThreshold: null, lotsPerVoter: 'every', version: 0 };
  }

  /** The settings' row, made if need be and locked: settings and the first ballot never cross. */
  async lockSettings(manager: EntityManager, roundId: string): Promise<SettingsRow> {
    await manager.query(`INSERT INTO ballot_settings (round_id) VALUES ($1) ON CONFLICT DO NOTHING`, [roundId]);
    const [row] = (await manager.query(`SELECT ${SETTINGS} FROM ballot_settings WHERE round_id = $1 FOR UPDATE`, [roundId])) as SettingsRow[];
    return row;
  }

  async saveSettings(manager: EntityManager, roundId: string, s: BallotSettings & { verification: Verification; supportThreshold: number | null; lotsPerVoter: LotsPerVoter }, by: string): Promise<void> {
    await manager.query(
      `UPDATE ballot_settings SET min_choices = $2, max_choices = $3, points = $4, max_points_per_project = $5, min_spend_percent = $6, verification = $7, support_threshold = $8, lots_per_voter = $9, version = version + 1, updated_by = $10, updated_at = now() WHERE round_id = $1`,
      [roundId, s.minChoices, s.maxChoices, s.points, s.maxPointsPerProject, s.minSpendPercent, s.verification, s.supportThreshold, s.lotsPerVoter, by],
    );
  }

  // --- voters ---

  async dateOfBirth(accountId: string, manager?: EntityManager): Promise<string | null> {
    const [row] = (await this.db(manager).query(`SELECT to_char(date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth" FROM voter_declarations WHERE account_id = $1`, [accountId])) as Array<{ dateOfBirth: string }>;
    return row?.dateOfBirth ?? null;
  }

  /** The declared dates of birth of these accounts, as they stand now (YYYY-MM-DD; absent: none declared). */
  async datesOfBirth(accountIds: string[], manager?: EntityManager): Promise<Map<string, string>> {
    if (accountIds.length === 0) return new Map();
    const rows = (await this.db(manager).query(`SELECT account_id AS "accountId", to_char(date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth" FROM voter_declarations WHERE account_id = ANY($1)`, [accountIds])) as Array<{ accountId: string; dateOfBirth: string }>;
    return new Map(rows.map((r) => [r.accountId, r.dateOfBirth]));
  }

  async declare(manager: EntityManager, accountId: string, dateOfBirth: string): Promise<void> {
    await manager.query(`INSERT INTO voter_declarations (account_id, date_of_birth) VALUES ($1, $2) ON CONFLICT (account_id) DO UPDATE SET date_of_birth = EXCLUDED.date_of_birth, declared_at = now()`, [accountId, dateOfBirth]);
  }

  // --- ballots ---

  async anyBallot(roundId: string, manager?: EntityManager): Promise<boolean> {
    const [row] = (await this.db(manager).query(`SELECT EXISTS (SELECT 1 FROM ballots WHERE round_id = $1) AS any`, [roundId])) as Array<{ any: boolean }>;
    return row.any;
  }

  async ballotsOf(roundId: string, voterId: string, manager?: EntityManager): Promise<BallotRow[]> {
    return (await this.db(manager).query(`SELECT ${BALLOT} FROM ballots WHERE round_id = $1 AND voter_id = $2 ORDER BY lot_key`, [roundId, voterId])) as BallotRow[];
  }

  /**
   * Holds, until the transaction ends, every change to this voter's ballots in the round, in any
   * lot: where they may vote in one lot only, two devices voting in two lots at once queue here,
   * and the second finds the first's ballot. (Row locks cannot: each lot is its own row.)
   */
  async lockVoter(manager: EntityManager, roundId: string, voterId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`ballots:${roundId}:${voterId}`]);
  }

  /**
   * The voter's ballot in the round and lot, made (empty) if they have none, and locked until the
   * transaction ends: every change to one voter's ballot waits for the one before, so two devices
   * or a hundred retries end in one ballot.
   */
  async lock(manager: EntityManager, roundId: string, lotKey: string, voterId: string): Promise<BallotRow> {
    const locked = async () => ((await manager.query(`SELECT ${BALLOT} FROM ballots WHERE round_id = $1 AND lot_key = $2 AND voter_id = $3 FOR UPDATE`, [roundId, lotKey, voterId])) as BallotRow[])[0];
    // Most changes are to a ballot that exists (a first confirmation is `insertConfirmed`): one statement.
    const found = await locked();
    if (found) return found;
    // None yet: made here. A row this transaction has just made is as good as locked (until it
    // commits no one else sees it, and anyone making the same one waits for it); if another made
    // it meanwhile, this waits for that one to finish, then locks it.
    const [made] = (await manager.query(`INSERT INTO ballots (round_id, lot_key, voter_id) VALUES ($1, $2, $3) ON CONFLICT (round_id, lot_key, voter_id) DO NOTHING RETURNING ${BALLOT}`, [roundId, lotKey, voterId])) as BallotRow[];
    return made ?? (await locked());
  }

  /**
   * A voter's first ballot in the round and lot, made confirmed (online) in one statement; false,
   * with nothing written, when they have one already (or another request is making it this instant:
   * this waits for that one, then finds it).
   */
  async insertConfirmed(roundId: string, lotKey: string, voterId: string, c: { choices: Choice[]; publishedId: string; confirmKey: string | null }): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO ballots (round_id, lot_key, voter_id, choices, confirmed_at, published_id, confirm_key, source) VALUES ($1, $2, $3, $4, now(), $5, $6, 'online')
       ON CONFLICT (round_id, lot_key, voter_id) DO NOTHING RETURNING id`,
      [roundId, lotKey, voterId, JSON.stringify(c.choices), c.publishedId, c.confirmKey],
    )) as Array<{ id: string }>;
    return rows.length === 1;
  }

  async saveDraft(manager: EntityManager, id: string, draft: Choice[]): Promise<void> {
    await manager.query(`UPDATE ballots SET draft = $2, version = version + 1, updated_at = now() WHERE id = $1`, [id, JSON.stringify(draft)]);
  }

  /**
   * The voter's saved draft confirmed in one statement, if it is still `draft`, the ballot is
   * online and `confirmKey` (when given) is not the last confirmation's: undefined, with nothing
   * written, otherwise. The published id is kept if the ballot had one (its receipt stands);
   * `freshReceipt` says this one was used.
   */
  async confirmDraft(roundId: string, lotKey: string, voterId: string, c: { draft: Choice[]; choices: Choice[]; publishedId: string; confirmKey: string | null }): Promise<{ freshReceipt: boolean } | undefined> {
    // An UPDATE's rows come back through a SELECT: TypeORM answers a bare UPDATE with [rows, count].
    const [row] = (await this.dataSource.query(
      `WITH done AS (
         UPDATE ballots SET choices = $4, draft = NULL, confirmed_at = now(), published_id = COALESCE(published_id, $5), confirm_key = $6, version = version + 1, updated_at = now()
         WHERE round_id = $1 AND lot_key = $2 AND voter_id = $3 AND source = 'online' AND draft = $7::jsonb AND ($6::text IS NULL OR confirm_key IS DISTINCT FROM $6::text)
         RETURNING published_id = $5 AS fresh)
       SELECT fresh AS "freshReceipt" FROM done`,
      [roundId, lotKey, voterId, JSON.stringify(c.choices), c.publishedId, c.confirmKey, JSON.stringify(c.draft)],
    )) as Array<{ freshReceipt: boolean }>;
    return row;
  }

  /** The voter's unconfirmed choices on every other lot of the round, dropped. */
  async dropDraftsOutside(manager: EntityManager, roundId: string, voterId: string, lotKey: string): Promise<void> {
    await manager.query(`UPDATE ballots SET draft = NULL, version = version + 1, updated_at = now() WHERE round_id = $1 AND voter_id = $2 AND lot_key <> $3 AND draft IS NOT NULL`, [roundId, voterId, lotKey]);
  }

  async confirm(manager: EntityManager, id: string, c: { choices: Choice[]; publishedId: string; confirmKey: string | null; source: 'online' | 'paper'; enteredBy: string | null }): Promise<void> {
    await manager.query(
      `UPDATE ballots SET choices = $2, draft = NULL, confirmed_at = now(), published_id = $3, confirm_key = $4, source = $5, entered_by = $6, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, JSON.stringify(c.choices), c.publishedId, c.confirmKey, c.source, c.enteredBy],
    );
  }

  async byPublishedId(roundId: string, publishedId: string): Promise<BallotRow | undefined> {
    const [row] = (await this.dataSource.query(`SELECT ${BALLOT} FROM ballots WHERE round_id = $1 AND published_id = $2 AND confirmed_at IS NOT NULL`, [roundId, publishedId])) as BallotRow[];
    return row;
  }

  /** The round's confirmed ballots (what counts), for the tally and the published file. */
  async confirmed(roundId: string): Promise<BallotRow[]> {
    return (await this.dataSource.query(`SELECT ${BALLOT} FROM ballots WHERE round_id = $1 AND confirmed_at IS NOT NULL ORDER BY lot_key, published_id`, [roundId])) as BallotRow[];
  }

  /**
   * The round's online ballots with choices saved and not confirmed (a draft that differs from
   * what was last confirmed), with whether an earlier confirmed ballot still counts: whom the
   * reminder before the vote closes is for. Paper ballots are staff's, so never among them.
   */
  async unconfirmedDrafts(manager: EntityManager, roundId: string): Promise<Array<{ voterId: string; lotKey: string; confirmedBefore: boolean }>> {
    return (await manager.query(
      `SELECT voter_id AS "voterId", lot_key AS "lotKey", confirmed_at IS NOT NULL AS "confirmedBefore" FROM ballots
        WHERE round_id = $1 AND draft IS NOT NULL AND source = 'online' AND draft IS DISTINCT FROM choices ORDER BY voter_id, lot_key`,
      [roundId],
    )) as Array<{ voterId: string; lotKey: string; confirmedBefore: boolean }>;
  }
}
