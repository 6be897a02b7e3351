import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isUuid } from '@commonpurse/kernel';
import type { FormQuestion } from '../domain/form-questions';
import type { Lot } from '../domain/round-lots';
import type { RoundRules } from '../domain/round-rules';
import type { Phase, PhaseWindow } from '../domain/round-timeline';

export interface RoundRow extends RoundRules {
  id: string;
  fundId: string;
  slug: string;
  name: string;
  /** The phase open at the last recorded transition (the gate reads the clock, not this). */
  recordedPhase: Phase | null;
  youSaidWeDid: string | null;
  youSaidWeDidPublishedAt: Date | null;
  createdAt: Date;
}

export interface TransitionRow {
  fromPhase: Phase | null;
  toPhase: Phase | null;
  at: Date;
  actorId: string | null;
}

export interface LotRow extends Lot {
  id: string;
}

export interface QuestionRow extends FormQuestion {
  id: string;
  position: number;
}

const ROUND_COLUMNS = `r.id, r.fund_id AS "fundId", r.slug, r.name, r.budget_pence AS "budgetPence", r.grant_min_pence AS "grantMinPence", r.grant_max_pence AS "grantMaxPence",
  r.applicant_types AS "applicantTypes", r.voting_method AS "votingMethod", r.allocation_rule AS "allocationRule", r.panel_weight_percent AS "panelWeightPercent",
  r.minimum_voter_age AS "minimumVoterAge", r.endorsement_dots AS "endorsementDots", r.two_stage AS "twoStage", r.recorded_phase AS "recordedPhase",
  r.you_said_we_did AS "youSaidWeDid", r.you_said_we_did_published_at AS "youSaidWeDidPublishedAt", r.created_at AS "createdAt"`;
const numbers = (r: RoundRow): RoundRow => ({ ...r, budgetPence: Number(r.budgetPence), grantMinPence: Number(r.grantMinPence), grantMaxPence: Number(r.grantMaxPence) });
const PHASE_COLUMNS = `phase, enabled, opens_at AS "opensAt", closes_at AS "closesAt"`;

/** Rounds, their rules, phase timelines and transitions, lots and form questions: the only queries on those tables. */
@Injectable()
export class RoundRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  /**
   * The fund's money not yet given to a round (leaving out one round, whose budget is being
   * changed), with the fund row locked until the transaction ends, so two changes made at once
   * cannot both spend the same pounds.
   */
  async lockUnallocated(manager: EntityManager, fundId: string, exceptRoundId: string | null = null): Promise<number> {
    await manager.query(`SELECT id FROM funds WHERE id = $1 FOR UPDATE`, [fundId]);
    const [row] = (await manager.query(
      `SELECT (SELECT coalesce(sum(amount_pence), 0) FROM fund_contributions WHERE fund_id = $1)
            - (SELECT coalesce(sum(budget_pence), 0) FROM rounds WHERE fund_id = $1 AND id IS DISTINCT FROM $2) AS unallocated`,
      [fundId, exceptRoundId],
    )) as Array<{ unallocated: string }>;
    return Number(row.unallocated);
  }

  async slugsLike(manager: EntityManager, fundId: string, base: string): Promise<string[]> {
    const rows = (await manager.query(`SELECT slug FROM rounds WHERE fund_id = $1 AND (slug = $2 OR slug LIKE $2 || '-%')`, [fundId, base])) as Array<{ slug: string }>;
    return rows.map((r) => r.slug);
  }

  async insert(manager: EntityManager, round: Pick<RoundRow, 'fundId' | 'slug' | 'name'> & RoundRules & { createdBy: string }, phases: PhaseWindow[]): Promise<RoundRow> {
    const [row] = (await manager.query(
      `INSERT INTO rounds AS r (fund_id, slug, name, budget_pence, grant_min_pence, grant_max_pence, applicant_types, voting_method, allocation_rule,
                                panel_weight_percent, minimum_voter_age, endorsement_dots, two_stage, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING ${ROUND_COLUMNS}`,
      [
        round.fundId,
        round.slug,
        round.name,
        round.budgetPence,
        round.grantMinPence,
        round.grantMaxPence,
        round.applicantTypes,
        round.votingMethod,
        round.allocationRule,
        round.panelWeightPercent,
        round.minimumVoterAge,
        round.endorsementDots,
        round.twoStage,
        round.createdBy,
      ],
    )) as RoundRow[];
    await this.writePhases(manager, row.id, phases);
    return numbers(row);
  }

  /** The round, locked until the transaction ends: changes to one round happen one at a time. */
  async lock(manager: EntityManager, roundId: string): Promise<RoundRow | undefined> {
    const [row] = (await manager.query(`SELECT ${ROUND_COLUMNS} FROM rounds r WHERE r.id = $1 FOR UPDATE`, [roundId])) as RoundRow[];
    return row ? numbers(row) : undefined;
  }

  async updateRules(manager: EntityManager, roundId: string, name: string, rules: RoundRules): Promise<void> {
    await manager.query(
      `UPDATE rounds SET name = $2, budget_pence = $3, grant_min_pence = $4, grant_max_pence = $5, applicant_types = $6, voting_method = $7, allocation_rule = $8,
              panel_weight_percent = $9, minimum_voter_age = $10, endorsement_dots = $11, two_stage = $12, updated_at = now() WHERE id = $1`,
      [roundId, name, rules.budgetPence, rules.grantMinPence, rules.grantMaxPence, rules.applicantTypes, rules.votingMethod, rules.allocationRule, rules.panelWeightPercent, rules.minimumVoterAge, rules.endorsementDots, rules.twoStage],
    );
  }

  async replacePhases(manager: EntityManager, roundId: string, phases: PhaseWindow[]): Promise<void> {
    await manager.query(`DELETE FROM round_phases WHERE round_id = $1`, [roundId]);
    await this.writePhases(manager, roundId, phases);
    await manager.query(`UPDATE rounds SET updated_at = now() WHERE id = $1`, [roundId]);
  }

  private async writePhases(manager: EntityManager, roundId: string, phases: PhaseWindow[]): Promise<void> {
    for (const p of phases) {
      await manager.query(`INSERT INTO round_phases (round_id, phase, enabled, opens_at, closes_at) VALUES ($1, $2, $3, $4, $5)`, [roundId, p.phase, p.enabled, p.opensAt, p.closesAt]);
    }
  }

  async listForFund(fundId: string): Promise<RoundRow[]> {
    return ((await this.dataSource.query(`SELECT ${ROUND_COLUMNS} FROM rounds r WHERE r.fund_id = $1 ORDER BY r.created_at`, [fundId])) as RoundRow[]).map(numbers);
  }

  async findById(id: string): Promise<RoundRow | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = (await this.dataSource.query(`SELECT ${ROUND_COLUMNS} FROM rounds r WHERE r.id = $1`, [id])) as RoundRow[];
    return row ? numbers(row) : undefined;
  }

  async find(fundId: string, slugOrId: string, manager?: EntityManager): Promise<RoundRow | undefined> {
    const [row] = (await this.db(manager).query(`SELECT ${ROUND_COLUMNS} FROM rounds r WHERE r.fund_id = $1 AND ${isUuid(slugOrId) ? 'r.id' : 'r.slug'} = $2`, [fundId, slugOrId])) as RoundRow[];
    return row ? numbers(row) : undefined;
  }

  /** Names and addresses of some rounds, with their funds'. */
  async names(ids: string[]): Promise<Map<string, { name: string; slug: string; fundName: string; fundSlug: string }>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.dataSource.query(`SELECT r.id, r.name, r.slug, f.name AS "fundName", f.slug AS "fundSlug" FROM rounds r JOIN funds f ON f.id = r.fund_id WHERE r.id = ANY($1)`, [ids])) as Array<{
      id: string;
      name: string;
      slug: string;
      fundName: string;
      fundSlug: string;
    }>;
    return new Map(rows.map(({ id, ...rest }) => [id, rest]));
  }

  /** The timelines of all of a fund's rounds at once, by round. */
  async phasesOfFund(fundId: string): Promise<Map<string, PhaseWindow[]>> {
    const rows = (await this.dataSource.query(`SELECT p.round_id AS "roundId", ${PHASE_COLUMNS} FROM round_phases p JOIN rounds r ON r.id = p.round_id WHERE r.fund_id = $1`, [fundId])) as Array<PhaseWindow & { roundId: string }>;
    const byRound = new Map<string, PhaseWindow[]>();
    for (const { roundId, ...window } of rows) byRound.set(roundId, [...(byRound.get(roundId) ?? []), window]);
    return byRound;
  }

  async phases(roundId: string, manager?: EntityManager): Promise<PhaseWindow[]> {
    return (await this.db(manager).query(`SELECT ${PHASE_COLUMNS} FROM round_phases WHERE round_id = $1`, [roundId])) as PhaseWindow[];
  }

  /**
   * A round's id, its fund's and its timeline, found by its address (each part a slug or an id, as
   * `FundRepository.findBySlugOrId` and `find` take them), in one query: undefined when there is no such round.
   */
  async timelineAt(fundSlugOrId: string, roundSlugOrId: string): Promise<{ roundId: string; fundId: string; phases: PhaseWindow[] } | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT r.id AS "roundId", r.fund_id AS "fundId", p.phase, p.enabled, p.opens_at AS "opensAt", p.closes_at AS "closesAt"
         FROM funds f JOIN rounds r ON r.fund_id = f.id LEFT JOIN round_phases p ON p.round_id = r.id
        WHERE ${isUuid(fundSlugOrId) ? 'f.id' : 'f.slug'} = $1 AND ${isUuid(roundSlugOrId) ? 'r.id' : 'r.slug'} = $2`,
      [fundSlugOrId, roundSlugOrId],
    )) as Array<{ roundId: string; fundId: string } & { [K in keyof PhaseWindow]: PhaseWindow[K] | null }>;
    if (rows.length === 0) return undefined;
    const phases = rows.filter((r) => r.phase !== null).map((r) => ({ phase: r.phase!, enabled: r.enabled!, opensAt: r.opensAt, closesAt: r.closesAt }));
    return { roundId: rows[0].roundId, fundId: rows[0].fundId, phases };
  }

  // --- transitions ---

  async recordTransition(manager: EntityManager, roundId: string, from: Phase | null, to: Phase | null, actorId: string | null): Promise<void> {
    await manager.query(`INSERT INTO round_phase_transitions (round_id, from_phase, to_phase, actor_id) VALUES ($1, $2, $3, $4)`, [roundId, from, to, actorId]);
    await manager.query(`UPDATE rounds SET recorded_phase = $2 WHERE id = $1`, [roundId, to]);
  }

  /** The phases whose opening has been recorded. */
  async recordedPhases(manager: EntityManager, roundId: string): Promise<Set<Phase>> {
    const rows = (await manager.query(`SELECT DISTINCT to_phase AS phase FROM round_phase_transitions WHERE round_id = $1 AND to_phase IS NOT NULL`, [roundId])) as Array<{ phase: Phase }>;
    return new Set(rows.map((r) => r.phase));
  }

  async transitions(roundId: string): Promise<TransitionRow[]> {
    return (await this.dataSource.query(
      `SELECT from_phase AS "fromPhase", to_phase AS "toPhase", at, actor_id AS "actorId" FROM round_phase_transitions WHERE round_id = $1 ORDER BY at, id`,
      [roundId],
    )) as TransitionRow[];
  }

  /** Rounds whose open phase by the clock is not the one last recorded: a transition is due. */
  async dueForTransition(now: Date): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT r.id FROM rounds r
        WHERE r.recorded_phase IS DISTINCT FROM (
          SELECT p.phase FROM round_phases p WHERE p.round_id = r.id AND p.enabled AND p.opens_at <= $1 AND p.closes_at > $1 LIMIT 1)`,
      [now],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** Rounds whose (switched on) phase has closed by `now`, oldest first. */
  async closedPhase(phase: Phase, now: Date): Promise<Array<{ roundId: string; fundId: string }>> {
    return (await this.dataSource.query(
      `SELECT r.id AS "roundId", r.fund_id AS "fundId" FROM round_phases p JOIN rounds r ON r.id = p.round_id WHERE p.phase = $1 AND p.enabled AND p.closes_at <= $2 ORDER BY p.closes_at`,
      [phase, now],
    )) as Array<{ roundId: string; fundId: string }>;
  }

  /** Whether any phase of any of the fund's rounds has opened (from then on, who may take part is fixed). */
  async anyPhaseStarted(manager: EntityManager, fundId: string, now: Date): Promise<boolean> {
    const rows = (await manager.query(`SELECT 1 FROM round_phases p JOIN rounds r ON r.id = p.round_id WHERE r.fund_id = $1 AND p.enabled AND p.opens_at <= $2 LIMIT 1`, [fundId, now])) as unknown[];
    return rows.length > 0;
  }

  // --- reminders before a phase closes ---

  /** Rounds whose `phase` is open and closes within `leadMs`, not yet reminded about. */
  async dueForReminder(phase: Phase, now: Date, leadMs: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT p.round_id AS id FROM round_phases p
        WHERE p.phase = $1 AND p.enabled AND p.opens_at <= $2 AND p.closes_at > $2 AND p.closes_at <= $2::timestamptz + make_interval(secs => $3::double precision / 1000)
          AND NOT EXISTS (SELECT 1 FROM round_phase_reminders r WHERE r.round_id = p.round_id AND r.phase = p.phase)`,
      [phase, now, leadMs],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** Records that the reminder went out; false if another worker already sent it. */
  async claimReminder(manager: EntityManager, roundId: string, phase: Phase, recipients: number): Promise<boolean> {
    const rows = (await manager.query(`INSERT INTO round_phase_reminders (round_id, phase, recipients) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING round_id`, [roundId, phase, recipients])) as unknown[];
    return rows.length > 0;
  }

  // --- lots ---

  /** The areas the fund's rounds have set lots aside for. */
  async areaCodesInLots(manager: EntityManager, fundId: string): Promise<string[]> {
    const rows = (await manager.query(`SELECT DISTINCT l.area_code AS code FROM round_lots l JOIN rounds r ON r.id = l.round_id WHERE r.fund_id = $1 AND l.area_code IS NOT NULL`, [fundId])) as Array<{ code: string }>;
    return rows.map((r) => r.code);
  }

  async lots(roundId: string, manager?: EntityManager): Promise<LotRow[]> {
    const rows = (await this.db(manager).query(
      `SELECT id, name, budget_pence AS "budgetPence", area_code AS "areaCode", criterion_id AS "criterionId" FROM round_lots WHERE round_id = $1 ORDER BY position`,
      [roundId],
    )) as Array<LotRow & { budgetPence: string }>;
    return rows.map((r) => ({ ...r, budgetPence: Number(r.budgetPence) }));
  }

  async replaceLots(manager: EntityManager, roundId: string, lots: Lot[]): Promise<void> {
    await manager.query(`DELETE FROM round_lots WHERE round_id = $1`, [roundId]);
    for (const [position, lot] of lots.entries()) {
      await manager.query(`INSERT INTO round_lots (round_id, position, name, budget_pence, area_code, criterion_id) VALUES ($1, $2, $3, $4, $5, $6)`, [
        roundId,
        position,
        lot.name.trim(),
        lot.budgetPence,
        lot.areaCode,
        lot.criterionId,
      ]);
    }
  }

  // --- form questions ---

  async questions(roundId: string, manager?: EntityManager): Promise<QuestionRow[]> {
    return (await this.db(manager).query(
      `SELECT id, position, type, label, hint, required, word_limit AS "wordLimit", options FROM round_questions WHERE round_id = $1 ORDER BY position`,
      [roundId],
    )) as QuestionRow[];
  }

  async insertQuestion(manager: EntityManager, roundId: string, q: FormQuestion): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO round_questions (round_id, position, type, label, hint, required, word_limit, options)
       VALUES ($1, (SELECT coalesce(max(position), -1) + 1 FROM round_questions WHERE round_id = $1), $2, $3, $4, $5, $6, $7) RETURNING id`,
      [roundId, q.type, q.label.trim(), q.hint, q.required, q.wordLimit, q.options],
    )) as Array<{ id: string }>;
    return row.id;
  }

  async deleteQuestion(manager: EntityManager, roundId: string, questionId: string): Promise<void> {
    await manager.query(`DELETE FROM round_questions WHERE round_id = $1 AND id = $2`, [roundId, questionId]);
  }

  /** Writes the questions' order as given (ids of this round's questions, first to last). */
  async reorderQuestions(manager: EntityManager, roundId: string, ids: string[]): Promise<void> {
    for (const [position, id] of ids.entries()) {
      await manager.query(`UPDATE round_questions SET position = $3 WHERE round_id = $1 AND id = $2`, [roundId, id, position]);
    }
  }

  // --- co-design's closing summary ---

  async publishYouSaidWeDid(manager: EntityManager, roundId: string, text: string): Promise<void> {
    await manager.query(`UPDATE rounds SET you_said_we_did = $2, you_said_we_did_published_at = now(), updated_at = now() WHERE id = $1`, [roundId, text]);
  }
}
