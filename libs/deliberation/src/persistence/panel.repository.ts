import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Quota } from '../domain/sortition';
import type { ProfileQuestion } from '../domain/profile-questions';

export interface PanelRow {
  roundId: string;
  panelSize: number;
  profileQuestions: ProfileQuestion[];
  quotas: Quota[];
  scoreMax: number;
  scoringClosedAt: Date | null;
  version: number;
}

export interface VolunteerRow {
  accountId: string;
  profile: Record<string, string>;
  volunteeredAt: Date;
}

export interface DrawRow {
  roundId: string;
  seed: string;
  algorithm: string;
  /** The draw's input as published (canonical JSON, kept byte for byte). */
  snapshot: string;
  snapshotSha256: string;
  volunteerIds: string[];
  panel: string[];
  reserves: string[];
  drawnBy: string;
  drawnAt: Date;
}

export type MemberSource = 'drawn' | 'reserve' | 'direct';
export type MemberStatus = 'invited' | 'accepted' | 'declined';

export interface MemberRow {
  accountId: string;
  source: MemberSource;
  status: MemberStatus;
  note: string | null;
  replaces: string | null;
  addedAt: Date;
  respondedAt: Date | null;
}

/** A panel's settings are what it was set up with, or these until someone sets them. */
export const DEFAULT_PANEL: Omit<PanelRow, 'roundId'> = { panelSize: 12, profileQuestions: [], quotas: [], scoreMax: 5, scoringClosedAt: null, version: 0 };

const PANEL = `round_id AS "roundId", panel_size AS "panelSize", profile_questions AS "profileQuestions", quotas, score_max AS "scoreMax", scoring_closed_at AS "scoringClosedAt", version`;
const DRAW = `round_id AS "roundId", seed, algorithm, snapshot, snapshot_sha256 AS "snapshotSha256", volunteer_ids AS "volunteerIds", panel, reserves, drawn_by AS "drawnBy", drawn_at AS "drawnAt"`;
const MEMBER = `account_id AS "accountId", source, status, note, replaces, added_at AS "addedAt", responded_at AS "respondedAt"`;

/** A round's panel: its settings, volunteers, the draw and its members. The only queries on those tables. */
@Injectable()
export class PanelRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  async find(roundId: string, manager?: EntityManager): Promise<PanelRow> {
    const [row] = (await this.db(manager).query(`SELECT ${PANEL} FROM panels WHERE round_id = $1`, [roundId])) as PanelRow[];
    return row ?? { roundId, ...DEFAULT_PANEL };
  }

  /**
   * The panel's row, made if need be and locked until the transaction ends: every change to a
   * panel as a whole (settings, the draw, members) takes this lock, so none of them interleave.
   */
  async lock(manager: EntityManager, roundId: string): Promise<PanelRow> {
    await manager.query(`INSERT INTO panels (round_id) VALUES ($1) ON CONFLICT DO NOTHING`, [roundId]);
    const [row] = (await manager.query(`SELECT ${PANEL} FROM panels WHERE round_id = $1 FOR UPDATE`, [roundId])) as PanelRow[];
    return row;
  }

  async saveSettings(manager: EntityManager, roundId: string, s: { panelSize: number; profileQuestions: string[]; quotas: Quota[]; scoreMax: number }, by: string): Promise<void> {
    await manager.query(`UPDATE panels SET panel_size = $2, profile_questions = $3, quotas = $4, score_max = $5, version = version + 1, updated_by = $6, updated_at = now() WHERE round_id = $1`, [
      roundId,
      s.panelSize,
      s.profileQuestions,
      JSON.stringify(s.quotas),
      s.scoreMax,
      by,
    ]);
  }

  async closeScoring(manager: EntityManager, roundId: string, at: Date | null): Promise<void> {
    await manager.query(`UPDATE panels SET scoring_closed_at = $2, version = version + 1, updated_at = now() WHERE round_id = $1`, [roundId, at]);
  }

  // --- volunteers ---

  async volunteers(roundId: string, manager?: EntityManager): Promise<VolunteerRow[]> {
    return (await this.db(manager).query(`SELECT account_id AS "accountId", profile, volunteered_at AS "volunteeredAt" FROM panel_volunteers WHERE round_id = $1 ORDER BY volunteered_at, account_id`, [roundId])) as VolunteerRow[];
  }

  async volunteer(roundId: string, accountId: string, manager?: EntityManager): Promise<VolunteerRow | undefined> {
    const [row] = (await this.db(manager).query(`SELECT account_id AS "accountId", profile, volunteered_at AS "volunteeredAt" FROM panel_volunteers WHERE round_id = $1 AND account_id = $2`, [roundId, accountId])) as VolunteerRow[];
    return row;
  }

  async saveVolunteer(manager: EntityManager, roundId: string, accountId: string, profile: Record<string, string>): Promise<void> {
    await manager.query(
      `INSERT INTO panel_volunteers (round_id, account_id, profile) VALUES ($1, $2, $3)
       ON CONFLICT (round_id, account_id) DO UPDATE SET profile = EXCLUDED.profile, updated_at = now()`,
      [roundId, accountId, JSON.stringify(profile)],
    );
  }

  async removeVolunteer(manager: EntityManager, roundId: string, accountId: string): Promise<boolean> {
    const [, count] = (await manager.query(`DELETE FROM panel_volunteers WHERE round_id = $1 AND account_id = $2`, [roundId, accountId])) as [unknown, number];
    return count > 0;
  }

  // --- the draw ---

  async draw(roundId: string, manager?: EntityManager): Promise<DrawRow | undefined> {
    const [row] = (await this.db(manager).query(`SELECT ${DRAW} FROM panel_draws WHERE round_id = $1`, [roundId])) as DrawRow[];
    return row;
  }

  async insertDraw(manager: EntityManager, d: Omit<DrawRow, 'drawnAt'>): Promise<void> {
    await manager.query(
      `INSERT INTO panel_draws (round_id, seed, algorithm, snapshot, snapshot_sha256, volunteer_ids, panel, reserves, drawn_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [d.roundId, d.seed, d.algorithm, d.snapshot, d.snapshotSha256, d.volunteerIds, d.panel, d.reserves, d.drawnBy],
    );
  }

  // --- members ---

  async members(roundId: string, manager?: EntityManager): Promise<MemberRow[]> {
    return (await this.db(manager).query(`SELECT ${MEMBER} FROM panel_members WHERE round_id = $1 ORDER BY added_at, account_id`, [roundId])) as MemberRow[];
  }

  async member(roundId: string, accountId: string, manager?: EntityManager): Promise<MemberRow | undefined> {
    const [row] = (await this.db(manager).query(`SELECT ${MEMBER} FROM panel_members WHERE round_id = $1 AND account_id = $2`, [roundId, accountId])) as MemberRow[];
    return row;
  }

  /** The rounds whose panel this person sits on (or was asked to), newest first. */
  async roundsOf(accountId: string): Promise<Array<{ roundId: string; status: MemberStatus }>> {
    return (await this.dataSource.query(`SELECT round_id AS "roundId", status FROM panel_members WHERE account_id = $1 ORDER BY added_at DESC`, [accountId])) as Array<{ roundId: string; status: MemberStatus }>;
  }

  async addMember(manager: EntityManager, roundId: string, m: { accountId: string; source: MemberSource; note: string | null; replaces: string | null; addedBy: string; status?: MemberStatus }): Promise<void> {
    await manager.query(`INSERT INTO panel_members (round_id, account_id, source, note, replaces, added_by, status) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [roundId, m.accountId, m.source, m.note, m.replaces, m.addedBy, m.status ?? 'invited']);
  }

  async setStatus(manager: EntityManager, roundId: string, accountId: string, status: MemberStatus): Promise<void> {
    await manager.query(`UPDATE panel_members SET status = $3, responded_at = now() WHERE round_id = $1 AND account_id = $2`, [roundId, accountId, status]);
  }
}
