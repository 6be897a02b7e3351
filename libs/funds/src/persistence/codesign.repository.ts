import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface PriorityRow {
  id: string;
  roundId: string;
  authorId: string;
  title: string;
  description: string;
  whoItHelps: string | null;
  mergedInto: string | null;
  /** Set when a fund manager took it down; its words are then never read out (they stay in the table for the audit trail). */
  removedReason: string | null;
  createdAt: Date;
  /** Dots on it now (a merged priority's dots have moved to the one it was merged into). */
  endorsements: number;
  comments: number;
}

export interface CommentRow {
  id: string;
  priorityId: string;
  authorId: string;
  /** Written by one of the fund's managers (shown as such); otherwise by a resident, never named: names are not public. */
  byFundManager: boolean;
  /** Empty when a fund manager took it down (removedReason says why). */
  body: string;
  removedReason: string | null;
  createdAt: Date;
}

export interface CriterionRow {
  id: string;
  title: string;
  description: string;
  weight: number;
  adoptedAt: Date;
  priorityIds: string[];
}

export interface PollRow {
  id: string;
  question: string;
  options: string[];
  createdAt: Date;
  /** Answers per option, in the options' order. */
  counts: number[];
}

// A removed priority's words are blanked here, so no page or API answer can show them.
const SHOWN_TITLE = `CASE WHEN p.removed_at IS NULL THEN p.title ELSE '' END`;
const PRIORITY_COLUMNS = `p.id, p.round_id AS "roundId", p.author_id AS "authorId",
  ${SHOWN_TITLE} AS title, CASE WHEN p.removed_at IS NULL THEN p.description ELSE '' END AS description,
  CASE WHEN p.removed_at IS NULL THEN p.who_it_helps END AS "whoItHelps", p.merged_into AS "mergedInto", p.removed_reason AS "removedReason", p.created_at AS "createdAt",
  (SELECT count(*)::int FROM priority_endorsements e WHERE e.priority_id = p.id) AS endorsements,
  (SELECT count(*)::int FROM priority_comments c WHERE c.priority_id = p.id AND c.removed_at IS NULL) AS comments`;

/** Co-design's tables: priorities, comments, endorsement dots, adopted criteria and polls. */
@Injectable()
export class CoDesignRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  // --- priorities ---

  async insertPriority(manager: EntityManager, p: { roundId: string; authorId: string; title: string; description: string; whoItHelps: string | null }): Promise<string> {
    const [row] = (await manager.query(`INSERT INTO priorities (round_id, author_id, title, description, who_it_helps) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
      p.roundId,
      p.authorId,
      p.title,
      p.description,
      p.whoItHelps,
    ])) as Array<{ id: string }>;
    return row.id;
  }

  /** The round's priorities, most endorsed first (then oldest first, so earlier ideas are not pushed down by copies). */
  async priorities(roundId: string, manager?: EntityManager): Promise<PriorityRow[]> {
    return (await this.db(manager).query(`SELECT ${PRIORITY_COLUMNS} FROM priorities p WHERE p.round_id = $1 ORDER BY endorsements DESC, p.created_at, p.id`, [roundId])) as PriorityRow[];
  }

  async priority(roundId: string, priorityId: string, manager?: EntityManager): Promise<PriorityRow | undefined> {
    const [row] = (await this.db(manager).query(`SELECT ${PRIORITY_COLUMNS} FROM priorities p WHERE p.round_id = $1 AND p.id = $2`, [roundId, priorityId])) as PriorityRow[];
    return row;
  }

  async lockPriorities(manager: EntityManager, roundId: string, ids: string[]): Promise<PriorityRow[]> {
    await manager.query(`SELECT id FROM priorities WHERE round_id = $1 AND id = ANY($2) ORDER BY id FOR UPDATE`, [roundId, ids]);
    return (await manager.query(`SELECT ${PRIORITY_COLUMNS} FROM priorities p WHERE p.round_id = $1 AND p.id = ANY($2)`, [roundId, ids])) as PriorityRow[];
  }

  /** The priority's state, held (FOR SHARE) until the transaction ends: merges and take-downs wait for it. */
  async sharePriority(manager: EntityManager, roundId: string, id: string): Promise<Array<{ mergedInto: string | null; removedReason: string | null }>> {
    return (await manager.query(`SELECT merged_into AS "mergedInto", removed_reason AS "removedReason" FROM priorities WHERE round_id = $1 AND id = $2 FOR SHARE`, [roundId, id])) as Array<{
      mergedInto: string | null;
      removedReason: string | null;
    }>;
  }

  /** Marks one priority merged into another and moves every endorsement dot with it. */
  async merge(manager: EntityManager, sourceId: string, targetId: string): Promise<number> {
    await manager.query(`UPDATE priorities SET merged_into = $2, merged_at = now() WHERE id = $1`, [sourceId, targetId]);
    // Anything merged into the source earlier now points at the target too.
    await manager.query(`UPDATE priorities SET merged_into = $2 WHERE merged_into = $1`, [sourceId, targetId]);
    const [moved] = (await manager.query(`WITH moved AS (UPDATE priority_endorsements SET priority_id = $2 WHERE priority_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM moved`, [
      sourceId,
      targetId,
    ])) as Array<{ n: number }>;
    return moved.n;
  }

  /** Takes a priority down with a reason; the dots on it go back to the residents who placed them. */
  async removePriority(manager: EntityManager, priorityId: string, reason: string): Promise<number> {
    await manager.query(`UPDATE priorities SET removed_at = now(), removed_reason = $2 WHERE id = $1`, [priorityId, reason]);
    const [returned] = (await manager.query(`WITH gone AS (DELETE FROM priority_endorsements WHERE priority_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`, [priorityId])) as Array<{ n: number }>;
    return returned.n;
  }

  /** The comment as written (for the audit trail of its removal), if it belongs to this round. */
  async commentForRemoval(manager: EntityManager, roundId: string, commentId: string): Promise<{ id: string; body: string; removed: boolean } | undefined> {
    const [row] = (await manager.query(
      `SELECT c.id, c.body, c.removed_at IS NOT NULL AS removed FROM priority_comments c JOIN priorities p ON p.id = c.priority_id WHERE p.round_id = $1 AND c.id = $2 FOR UPDATE OF c`,
      [roundId, commentId],
    )) as Array<{ id: string; body: string; removed: boolean }>;
    return row;
  }

  /** The priority's own words (for the audit trail of its removal). */
  async priorityWords(manager: EntityManager, priorityId: string): Promise<{ title: string; description: string; whoItHelps: string | null }> {
    const [row] = (await manager.query(`SELECT title, description, who_it_helps AS "whoItHelps" FROM priorities WHERE id = $1`, [priorityId])) as Array<{ title: string; description: string; whoItHelps: string | null }>;
    return row;
  }

  async removeComment(manager: EntityManager, commentId: string, reason: string): Promise<void> {
    await manager.query(`UPDATE priority_comments SET removed_at = now(), removed_reason = $2 WHERE id = $1`, [commentId, reason]);
  }

  // --- comments ---

  async insertComment(manager: EntityManager, c: { priorityId: string; authorId: string; byFundManager: boolean; body: string }): Promise<string> {
    const [row] = (await manager.query(`INSERT INTO priority_comments (priority_id, author_id, by_fund_manager, body) VALUES ($1, $2, $3, $4) RETURNING id`, [
      c.priorityId,
      c.authorId,
      c.byFundManager,
      c.body,
    ])) as Array<{ id: string }>;
    return row.id;
  }

  async comments(priorityId: string): Promise<CommentRow[]> {
    return (await this.dataSource.query(
      `SELECT c.id, c.priority_id AS "priorityId", c.author_id AS "authorId", c.by_fund_manager AS "byFundManager",
              CASE WHEN c.removed_at IS NULL THEN c.body ELSE '' END AS body, c.removed_reason AS "removedReason", c.created_at AS "createdAt"
         FROM priority_comments c WHERE c.priority_id = $1 ORDER BY c.created_at, c.id`,
      [priorityId],
    )) as CommentRow[];
  }

  // --- endorsement dots ---

  /**
   * Serialises one resident's endorsements in one round for the rest of the transaction, so
   * that dots placed at the same moment are counted one after another, never past the allowance.
   */
  async lockDots(manager: EntityManager, roundId: string, accountId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1 || ':' || $2, 0))`, [roundId, accountId]);
  }

  async dotsUsed(roundId: string, accountId: string, manager?: EntityManager): Promise<number> {
    const [row] = (await this.db(manager).query(`SELECT count(*)::int AS n FROM priority_endorsements WHERE round_id = $1 AND account_id = $2`, [roundId, accountId])) as Array<{ n: number }>;
    return row.n;
  }

  /** How many dots this resident has on each priority of the round. */
  async dotsByPriority(roundId: string, accountId: string): Promise<Map<string, number>> {
    const rows = (await this.dataSource.query(
      `SELECT priority_id AS "priorityId", count(*)::int AS n FROM priority_endorsements WHERE round_id = $1 AND account_id = $2 GROUP BY priority_id`,
      [roundId, accountId],
    )) as Array<{ priorityId: string; n: number }>;
    return new Map(rows.map((r) => [r.priorityId, r.n]));
  }

  async insertDot(manager: EntityManager, roundId: string, priorityId: string, accountId: string): Promise<void> {
    await manager.query(`INSERT INTO priority_endorsements (round_id, priority_id, account_id) VALUES ($1, $2, $3)`, [roundId, priorityId, accountId]);
  }

  /** Takes back this resident's latest dot on the priority; false if they had none there. */
  async deleteDot(manager: EntityManager, roundId: string, priorityId: string, accountId: string): Promise<boolean> {
    const [deleted] = (await manager.query(
      `WITH gone AS (DELETE FROM priority_endorsements WHERE id = (
         SELECT id FROM priority_endorsements WHERE round_id = $1 AND priority_id = $2 AND account_id = $3 ORDER BY id DESC LIMIT 1) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [roundId, priorityId, accountId],
    )) as Array<{ n: number }>;
    return deleted.n > 0;
  }

  // --- criteria ---

  async insertCriterion(manager: EntityManager, c: { roundId: string; title: string; description: string; weight: number; adoptedBy: string; priorityIds: string[] }): Promise<string> {
    const [row] = (await manager.query(`INSERT INTO round_criteria (round_id, title, description, weight, adopted_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
      c.roundId,
      c.title,
      c.description,
      c.weight,
      c.adoptedBy,
    ])) as Array<{ id: string }>;
    for (const priorityId of c.priorityIds) {
      await manager.query(`INSERT INTO criterion_priorities (criterion_id, priority_id) VALUES ($1, $2)`, [row.id, priorityId]);
    }
    return row.id;
  }

  async updateCriterion(manager: EntityManager, id: string, c: { title: string; description: string; weight: number }): Promise<void> {
    await manager.query(`UPDATE round_criteria SET title = $2, description = $3, weight = $4 WHERE id = $1`, [id, c.title, c.description, c.weight]);
  }

  async deleteCriterion(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM round_criteria WHERE id = $1`, [id]);
  }

  async criteria(roundId: string, manager?: EntityManager): Promise<CriterionRow[]> {
    return (await this.db(manager).query(
      `SELECT c.id, c.title, c.description, c.weight, c.adopted_at AS "adoptedAt",
              coalesce(array_agg(cp.priority_id ORDER BY cp.priority_id) FILTER (WHERE cp.priority_id IS NOT NULL), '{}') AS "priorityIds"
         FROM round_criteria c LEFT JOIN criterion_priorities cp ON cp.criterion_id = c.id
        WHERE c.round_id = $1 GROUP BY c.id ORDER BY c.adopted_at, c.id`,
      [roundId],
    )) as CriterionRow[];
  }

  // --- who took part ---

  /** Distinct residents who proposed, endorsed, commented on or answered a poll in this round's co-design (the fund's managers' replies, and what was taken down, do not count). */
  async participants(roundId: string): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM (
         SELECT author_id AS who FROM priorities WHERE round_id = $1 AND removed_at IS NULL
         UNION SELECT account_id FROM priority_endorsements WHERE round_id = $1
         UNION SELECT c.author_id FROM priority_comments c JOIN priorities p ON p.id = c.priority_id WHERE p.round_id = $1 AND NOT c.by_fund_manager AND c.removed_at IS NULL
         UNION SELECT a.account_id FROM poll_answers a JOIN codesign_polls q ON q.id = a.poll_id WHERE q.round_id = $1) everyone`,
      [roundId],
    )) as Array<{ n: number }>;
    return row.n;
  }

  /** Residents who have taken part in this round's co-design and still have dots to place, with how many. */
  async withDotsLeft(manager: EntityManager, roundId: string, allowance: number): Promise<Array<{ accountId: string; dotsLeft: number }>> {
    return (await manager.query(
      `SELECT who AS "accountId", $2::int - (SELECT count(*)::int FROM priority_endorsements e WHERE e.round_id = $1 AND e.account_id = who) AS "dotsLeft" FROM (
         SELECT author_id AS who FROM priorities WHERE round_id = $1 AND removed_at IS NULL
         UNION SELECT account_id FROM priority_endorsements WHERE round_id = $1
         UNION SELECT c.author_id FROM priority_comments c JOIN priorities p ON p.id = c.priority_id WHERE p.round_id = $1 AND NOT c.by_fund_manager
         UNION SELECT a.account_id FROM poll_answers a JOIN codesign_polls q ON q.id = a.poll_id WHERE q.round_id = $1) everyone
        WHERE (SELECT count(*) FROM priority_endorsements e WHERE e.round_id = $1 AND e.account_id = who) < $2 ORDER BY who`,
      [roundId, allowance],
    )) as Array<{ accountId: string; dotsLeft: number }>;
  }

  /** Distinct residents behind some priorities: who proposed, endorsed or commented on them. */
  async residentsBehind(priorityIds: string[]): Promise<number> {
    if (priorityIds.length === 0) return 0;
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM (
         SELECT author_id AS who FROM priorities WHERE id = ANY($1)
         UNION SELECT account_id FROM priority_endorsements WHERE priority_id = ANY($1)
         UNION SELECT author_id FROM priority_comments WHERE priority_id = ANY($1) AND NOT by_fund_manager AND removed_at IS NULL) behind`,
      [priorityIds],
    )) as Array<{ n: number }>;
    return row.n;
  }

  /** One resident's part in co-design everywhere: what they proposed, endorsed, commented and answered. */
  async activity(accountId: string): Promise<Array<{ kind: 'proposed' | 'endorsed' | 'commented' | 'answered'; roundId: string; subjectId: string; title: string; count: number; at: Date }>> {
    return (await this.dataSource.query(
      `SELECT 'proposed' AS kind, p.round_id AS "roundId", p.id AS "subjectId", ${SHOWN_TITLE} AS title, 1 AS count, p.created_at AS at FROM priorities p WHERE p.author_id = $1
       UNION ALL
       SELECT 'endorsed', e.round_id, e.priority_id, ${SHOWN_TITLE}, count(*)::int, max(e.created_at) FROM priority_endorsements e JOIN priorities p ON p.id = e.priority_id
        WHERE e.account_id = $1 GROUP BY e.round_id, e.priority_id, p.title, p.removed_at
       UNION ALL
       SELECT 'commented', p.round_id, p.id, ${SHOWN_TITLE}, count(*)::int, max(c.created_at) FROM priority_comments c JOIN priorities p ON p.id = c.priority_id
        WHERE c.author_id = $1 GROUP BY p.round_id, p.id, p.title, p.removed_at
       UNION ALL
       SELECT 'answered', q.round_id, q.id, q.question, 1, a.answered_at FROM poll_answers a JOIN codesign_polls q ON q.id = a.poll_id WHERE a.account_id = $1
       ORDER BY at DESC`,
      [accountId],
    )) as Array<{ kind: 'proposed' | 'endorsed' | 'commented' | 'answered'; roundId: string; subjectId: string; title: string; count: number; at: Date }>;
  }

  // --- polls ---

  async insertPoll(manager: EntityManager, p: { roundId: string; question: string; options: string[]; createdBy: string }): Promise<string> {
    const [row] = (await manager.query(`INSERT INTO codesign_polls (round_id, question, options, created_by) VALUES ($1, $2, $3, $4) RETURNING id`, [
      p.roundId,
      p.question,
      p.options,
      p.createdBy,
    ])) as Array<{ id: string }>;
    return row.id;
  }

  async polls(roundId: string): Promise<PollRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT q.id, q.question, q.options, q.created_at AS "createdAt",
              coalesce((SELECT json_object_agg(a.option_index, a.n) FROM (SELECT option_index, count(*)::int AS n FROM poll_answers WHERE poll_id = q.id GROUP BY option_index) a), '{}') AS tally
         FROM codesign_polls q WHERE q.round_id = $1 ORDER BY q.created_at, q.id`,
      [roundId],
    )) as Array<Omit<PollRow, 'counts'> & { tally: Record<string, number> }>;
    return rows.map(({ tally, ...poll }) => ({ ...poll, counts: poll.options.map((_, i) => tally[String(i)] ?? 0) }));
  }

  async poll(roundId: string, pollId: string): Promise<{ id: string; options: string[] } | undefined> {
    const [row] = (await this.dataSource.query(`SELECT id, options FROM codesign_polls WHERE round_id = $1 AND id = $2`, [roundId, pollId])) as Array<{ id: string; options: string[] }>;
    return row;
  }

  /** One answer per resident per poll; answering again changes it. */
  async answerPoll(manager: EntityManager, pollId: string, accountId: string, optionIndex: number): Promise<void> {
    await manager.query(
      `INSERT INTO poll_answers (poll_id, account_id, option_index) VALUES ($1, $2, $3)
       ON CONFLICT (poll_id, account_id) DO UPDATE SET option_index = EXCLUDED.option_index, answered_at = now()`,
      [pollId, accountId, optionIndex],
    );
  }

  async answersOf(roundId: string, accountId: string): Promise<Map<string, number>> {
    const rows = (await this.dataSource.query(
      `SELECT a.poll_id AS "pollId", a.option_index AS "optionIndex" FROM poll_answers a JOIN codesign_polls q ON q.id = a.poll_id WHERE q.round_id = $1 AND a.account_id = $2`,
      [roundId, accountId],
    )) as Array<{ pollId: string; optionIndex: number }>;
    return new Map(rows.map((r) => [r.pollId, r.optionIndex]));
  }
}
