import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ConflictKind } from '../domain/conflicts';
import type { Outcome } from '../domain/panel-rules';
import type { Marks } from '../domain/scoring';

export interface ConflictRow {
  applicationId: string;
  accountId: string;
  kind: ConflictKind;
  detail: string | null;
  declaredBy: string;
  declaredAt: Date;
}

export interface ScoreRow {
  applicationId: string;
  accountId: string;
  marks: Marks;
  comment: string;
  complete: boolean;
  version: number;
  updatedAt: Date;
}

export interface DecisionRow {
  applicationId: string;
  outcome: Outcome;
  awardPence: number | null;
  rationale: string;
  changeReason: string | null;
  decidedBy: string;
  decidedAt: Date;
  version: number;
}

export interface PostRow {
  id: string;
  applicationId: string;
  authorId: string;
  parentId: string | null;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
  removedAt: Date | null;
  removedBy: string | null;
  removalReason: string | null;
}

export interface MeetingRow {
  id: string;
  heldOn: string;
  attendees: string[];
  otherAttendees: string | null;
  decisions: string;
  notes: string;
  recordedBy: string;
  recordedAt: Date;
}

const CONFLICT = `application_id AS "applicationId", account_id AS "accountId", kind, detail, declared_by AS "declaredBy", declared_at AS "declaredAt"`;
const SCORE = `application_id AS "applicationId", account_id AS "accountId", scores AS marks, comment, complete, version, updated_at AS "updatedAt"`;
const DECISION = `application_id AS "applicationId", outcome, award_pence AS "awardPence", rationale, change_reason AS "changeReason", decided_by AS "decidedBy", decided_at AS "decidedAt", version`;
const POST = `id, application_id AS "applicationId", author_id AS "authorId", parent_id AS "parentId", body, created_at AS "createdAt", edited_at AS "editedAt", removed_at AS "removedAt", removed_by AS "removedBy", removal_reason AS "removalReason"`;

/** The panel's work on each application: conflicts, who reviews what, discussion, notes, meetings, scores and decisions. */
@Injectable()
export class ReviewRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  // --- conflicts ---

  async conflicts(roundId: string, manager?: EntityManager): Promise<ConflictRow[]> {
    return (await this.db(manager).query(`SELECT ${CONFLICT} FROM panel_conflicts WHERE round_id = $1 ORDER BY declared_at`, [roundId])) as ConflictRow[];
  }

  async conflict(applicationId: string, accountId: string, manager?: EntityManager): Promise<ConflictRow | undefined> {
    const [row] = (await this.db(manager).query(`SELECT ${CONFLICT} FROM panel_conflicts WHERE application_id = $1 AND account_id = $2`, [applicationId, accountId])) as ConflictRow[];
    return row;
  }

  /** The row is locked for the rest of the transaction, so a declaration and a score on it never cross. */
  async lockConflict(manager: EntityManager, applicationId: string, accountId: string): Promise<ConflictRow | undefined> {
    const [row] = (await manager.query(`SELECT ${CONFLICT} FROM panel_conflicts WHERE application_id = $1 AND account_id = $2 FOR UPDATE`, [applicationId, accountId])) as ConflictRow[];
    return row;
  }

  async declare(manager: EntityManager, roundId: string, c: { applicationId: string; accountId: string; kind: ConflictKind; detail: string | null; declaredBy: string }): Promise<void> {
    await manager.query(
      `INSERT INTO panel_conflicts (application_id, account_id, round_id, kind, detail, declared_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (application_id, account_id) DO UPDATE SET kind = EXCLUDED.kind, detail = EXCLUDED.detail, declared_by = EXCLUDED.declared_by, declared_at = now()`,
      [c.applicationId, c.accountId, roundId, c.kind, c.detail, c.declaredBy],
    );
  }

  // --- assignments ---

  async assignments(roundId: string, manager?: EntityManager): Promise<Array<{ applicationId: string; accountId: string }>> {
    return (await this.db(manager).query(`SELECT application_id AS "applicationId", account_id AS "accountId" FROM panel_assignments WHERE round_id = $1`, [roundId])) as Array<{ applicationId: string; accountId: string }>;
  }

  async replaceAssignments(manager: EntityManager, roundId: string, pairs: Array<{ applicationId: string; accountId: string }>, by: string): Promise<void> {
    await manager.query(`DELETE FROM panel_assignments WHERE round_id = $1`, [roundId]);
    if (pairs.length === 0) return;
    await manager.query(
      `INSERT INTO panel_assignments (application_id, account_id, round_id, assigned_by) SELECT a, p, $1, $2 FROM unnest($3::uuid[], $4::uuid[]) AS t (a, p)`,
      [roundId, by, pairs.map((x) => x.applicationId), pairs.map((x) => x.accountId)],
    );
  }

  async unassign(manager: EntityManager, applicationId: string, accountId: string): Promise<void> {
    await manager.query(`DELETE FROM panel_assignments WHERE application_id = $1 AND account_id = $2`, [applicationId, accountId]);
  }

  // --- scores ---

  async scores(roundId: string, manager?: EntityManager): Promise<ScoreRow[]> {
    return (await this.db(manager).query(`SELECT ${SCORE} FROM panel_scores WHERE round_id = $1 ORDER BY updated_at`, [roundId])) as ScoreRow[];
  }

  async score(applicationId: string, accountId: string, manager?: EntityManager): Promise<ScoreRow | undefined> {
    const [row] = (await this.db(manager).query(`SELECT ${SCORE} FROM panel_scores WHERE application_id = $1 AND account_id = $2`, [applicationId, accountId])) as ScoreRow[];
    return row;
  }

  async saveScore(manager: EntityManager, roundId: string, s: { applicationId: string; accountId: string; marks: Marks; comment: string; complete: boolean }): Promise<void> {
    await manager.query(
      `INSERT INTO panel_scores (application_id, account_id, round_id, scores, comment, complete) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (application_id, account_id) DO UPDATE SET scores = EXCLUDED.scores, comment = EXCLUDED.comment, complete = EXCLUDED.complete, version = panel_scores.version + 1, updated_at = now()`,
      [s.applicationId, s.accountId, roundId, JSON.stringify(s.marks), s.comment, s.complete],
    );
  }

  // --- decisions ---

  async decisions(roundId: string, manager?: EntityManager): Promise<DecisionRow[]> {
    const rows = (await this.db(manager).query(`SELECT ${DECISION} FROM panel_decisions WHERE round_id = $1`, [roundId])) as DecisionRow[];
    return rows.map((r) => ({ ...r, awardPence: r.awardPence === null ? null : Number(r.awardPence) }));
  }

  async lockDecision(manager: EntityManager, applicationId: string): Promise<DecisionRow | undefined> {
    const [row] = (await manager.query(`SELECT ${DECISION} FROM panel_decisions WHERE application_id = $1 FOR UPDATE`, [applicationId])) as DecisionRow[];
    return row && { ...row, awardPence: row.awardPence === null ? null : Number(row.awardPence) };
  }

  async saveDecision(manager: EntityManager, roundId: string, d: { applicationId: string; outcome: Outcome; awardPence: number | null; rationale: string; changeReason: string | null; decidedBy: string }): Promise<void> {
    await manager.query(
      `INSERT INTO panel_decisions (application_id, round_id, outcome, award_pence, rationale, change_reason, decided_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (application_id) DO UPDATE SET outcome = EXCLUDED.outcome, award_pence = EXCLUDED.award_pence, rationale = EXCLUDED.rationale, change_reason = EXCLUDED.change_reason,
         decided_by = EXCLUDED.decided_by, decided_at = now(), version = panel_decisions.version + 1`,
      [d.applicationId, roundId, d.outcome, d.awardPence, d.rationale, d.changeReason, d.decidedBy],
    );
  }

  // --- discussion ---

  async posts(applicationId: string, manager?: EntityManager): Promise<PostRow[]> {
    return (await this.db(manager).query(`SELECT ${POST} FROM panel_posts WHERE application_id = $1 ORDER BY created_at, id`, [applicationId])) as PostRow[];
  }

  async lockPost(manager: EntityManager, postId: string): Promise<PostRow | undefined> {
    const [row] = (await manager.query(`SELECT ${POST} FROM panel_posts WHERE id = $1 FOR UPDATE`, [postId])) as PostRow[];
    return row;
  }

  async insertPost(manager: EntityManager, roundId: string, p: { applicationId: string; authorId: string; parentId: string | null; body: string }): Promise<string> {
    const [row] = (await manager.query(`INSERT INTO panel_posts (application_id, round_id, author_id, parent_id, body) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [p.applicationId, roundId, p.authorId, p.parentId, p.body])) as Array<{ id: string }>;
    return row.id;
  }

  async editPost(manager: EntityManager, postId: string, body: string): Promise<void> {
    await manager.query(`UPDATE panel_posts SET body = $2, edited_at = now() WHERE id = $1`, [postId, body]);
  }

  async removePost(manager: EntityManager, postId: string, by: string, reason: string): Promise<void> {
    await manager.query(`UPDATE panel_posts SET removed_at = now(), removed_by = $2, removal_reason = $3 WHERE id = $1`, [postId, by, reason]);
  }

  async note(applicationId: string, accountId: string): Promise<string> {
    const [row] = (await this.dataSource.query(`SELECT body FROM panel_notes WHERE application_id = $1 AND account_id = $2`, [applicationId, accountId])) as Array<{ body: string }>;
    return row?.body ?? '';
  }

  async saveNote(manager: EntityManager, applicationId: string, accountId: string, body: string): Promise<void> {
    await manager.query(
      `INSERT INTO panel_notes (application_id, account_id, body) VALUES ($1, $2, $3) ON CONFLICT (application_id, account_id) DO UPDATE SET body = EXCLUDED.body, updated_at = now()`,
      [applicationId, accountId, body],
    );
  }

  // --- meetings ---

  async meetings(roundId: string): Promise<MeetingRow[]> {
    return (await this.dataSource.query(
      `SELECT id, to_char(held_on, 'YYYY-MM-DD') AS "heldOn", attendees, other_attendees AS "otherAttendees", decisions, notes, recorded_by AS "recordedBy", recorded_at AS "recordedAt"
         FROM panel_meetings WHERE round_id = $1 ORDER BY held_on DESC, recorded_at DESC`,
      [roundId],
    )) as MeetingRow[];
  }

  async insertMeeting(manager: EntityManager, roundId: string, m: { heldOn: string; attendees: string[]; otherAttendees: string | null; decisions: string; notes: string; recordedBy: string }): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO panel_meetings (round_id, held_on, attendees, other_attendees, decisions, notes, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [roundId, m.heldOn, m.attendees, m.otherAttendees, m.decisions, m.notes, m.recordedBy],
    )) as Array<{ id: string }>;
    return row.id;
  }
}
