import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Answer, BudgetLine, Section } from '../domain/application-form';
import type { Decision, Stage, Status } from '../domain/application-status';
import type { OrganisationProfile } from '../domain/applicant-organisation';
import type { EligibilityCheck } from '../domain/eligibility';

export interface ApplicationRow {
  id: string;
  roundId: string;
  organisationId: string | null;
  createdBy: string;
  status: Status;
  stage: Stage;
  reference: string | null;
  title: string;
  summary: string;
  description: string;
  startOn: string | null;
  endOn: string | null;
  areaCode: string | null;
  lotId: string | null;
  amountPence: number | null;
  /** The organisation as it stood at the last submission (or change after it): what is screened. */
  organisationSnapshot: OrganisationProfile | null;
  eligibility: EligibilityCheck[] | null;
  infoRequestedUntil: Date | null;
  submittedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SectionRow {
  section: Section;
  version: number;
  completed: boolean;
  updatedAt: Date;
}

export interface FileRow {
  id: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  storedAs: string;
  uploadedAt: Date;
}

export interface DecisionRow {
  decision: Decision;
  reason: string;
  infoUntil: Date | null;
  decidedBy: string;
  decidedAt: Date;
}

export interface ListFilters {
  status?: Status;
  lotId?: string;
  areaCode?: string;
  criterionId?: string;
  /** Words in the title, or (part of) the reference. */
  search?: string;
}

const COLUMNS = `a.id, a.round_id AS "roundId", a.organisation_id AS "organisationId", a.created_by AS "createdBy", a.status, a.stage, a.reference, a.title, a.summary, a.description,
  to_char(a.start_on, 'YYYY-MM-DD') AS "startOn", to_char(a.end_on, 'YYYY-MM-DD') AS "endOn", a.area_code AS "areaCode", a.lot_id AS "lotId", a.amount_pence AS "amountPence",
  a.organisation_snapshot AS "organisationSnapshot", a.eligibility, a.info_requested_until AS "infoRequestedUntil", a.submitted_at AS "submittedAt", a.created_at AS "createdAt", a.updated_at AS "updatedAt"`;
const money = (r: ApplicationRow): ApplicationRow => ({ ...r, amountPence: r.amountPence === null ? null : Number(r.amountPence) });
const pence = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Applications and everything written into them: the only queries on those tables. */
@Injectable()
export class ApplicationRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  async insertDraft(manager: EntityManager, roundId: string, organisationId: string | null, createdBy: string, stage: Stage, sections: Section[]): Promise<string> {
    const [row] = (await manager.query(`INSERT INTO applications (round_id, organisation_id, created_by, stage) VALUES ($1, $2, $3, $4) RETURNING id`, [roundId, organisationId, createdBy, stage])) as Array<{ id: string }>;
    await this.addSections(manager, row.id, sections);
    return row.id;
  }

  /** Sections the application does not have yet (the full form's, once invited); those it has are left as they are. */
  async addSections(manager: EntityManager, id: string, sections: Section[]): Promise<void> {
    for (const section of sections) await manager.query(`INSERT INTO application_sections (application_id, section) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [id, section]);
  }

  async moveToFullStage(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE applications SET stage = 'full' WHERE id = $1`, [id]);
  }

  async find(id: string, manager?: EntityManager): Promise<ApplicationRow | undefined> {
    const [row] = (await this.db(manager).query(`SELECT ${COLUMNS} FROM applications a WHERE a.id = $1`, [id])) as ApplicationRow[];
    return row ? money(row) : undefined;
  }

  async lock(manager: EntityManager, id: string): Promise<ApplicationRow | undefined> {
    const [row] = (await manager.query(`SELECT ${COLUMNS} FROM applications a WHERE a.id = $1 FOR UPDATE`, [id])) as ApplicationRow[];
    return row ? money(row) : undefined;
  }

  // --- sections ---

  async sections(id: string, manager?: EntityManager): Promise<SectionRow[]> {
    return (await this.db(manager).query(`SELECT section, version, completed, updated_at AS "updatedAt" FROM application_sections WHERE application_id = $1`, [id])) as SectionRow[];
  }

  /**
   * Claims the section for a save: only if it is still at the version the editor saw (optimistic
   * locking; two co-editors saving at once cannot overwrite each other unseen). False if not.
   */
  async bumpSection(manager: EntityManager, id: string, section: Section, seenVersion: number, completed: boolean, by: string): Promise<boolean> {
    const [row] = (await manager.query(
      `WITH bumped AS (UPDATE application_sections SET version = version + 1, completed = $4, updated_by = $5, updated_at = now()
                        WHERE application_id = $1 AND section = $2 AND version = $3 RETURNING 1)
       SELECT count(*)::int AS n FROM bumped`,
      [id, section, seenVersion, completed, by],
    )) as Array<{ n: number }>;
    if (row.n > 0) await manager.query(`UPDATE applications SET updated_at = now() WHERE id = $1`, [id]);
    return row.n > 0;
  }

  async setOrganisation(manager: EntityManager, id: string, organisationId: string | null): Promise<void> {
    await manager.query(`UPDATE applications SET organisation_id = $2 WHERE id = $1`, [id, organisationId]);
  }

  async saveProject(manager: EntityManager, id: string, p: { title: string; summary: string; description: string; startOn: string | null; endOn: string | null }): Promise<void> {
    await manager.query(`UPDATE applications SET title = $2, summary = $3, description = $4, start_on = $5, end_on = $6 WHERE id = $1`, [id, p.title, p.summary, p.description, p.startOn, p.endOn]);
  }

  async saveWhere(manager: EntityManager, id: string, w: { areaCode: string | null; lotId: string | null; criterionIds: string[] }): Promise<void> {
    await manager.query(`UPDATE applications SET area_code = $2, lot_id = $3 WHERE id = $1`, [id, w.areaCode, w.lotId]);
    await manager.query(`DELETE FROM application_criteria WHERE application_id = $1`, [id]);
    for (const criterionId of new Set(w.criterionIds)) await manager.query(`INSERT INTO application_criteria (application_id, criterion_id) VALUES ($1, $2)`, [id, criterionId]);
  }

  async saveBudget(manager: EntityManager, id: string, amountPence: number | null, lines: Array<{ item: string; amountPence: number | null; otherFundingPence: number | null }>): Promise<void> {
    await manager.query(`UPDATE applications SET amount_pence = $2 WHERE id = $1`, [id, amountPence]);
    await manager.query(`DELETE FROM application_budget_lines WHERE application_id = $1`, [id]);
    for (const [position, line] of lines.entries()) {
      await manager.query(`INSERT INTO application_budget_lines (application_id, position, item, amount_pence, other_funding_pence) VALUES ($1, $2, $3, $4, $5)`, [
        id,
        position,
        line.item,
        line.amountPence,
        line.otherFundingPence,
      ]);
    }
  }

  /** Replaces the answers to the round's questions (unanswered ones are left out). */
  async saveAnswers(manager: EntityManager, id: string, answers: Record<string, Answer>): Promise<void> {
    await manager.query(`DELETE FROM application_answers WHERE application_id = $1`, [id]);
    for (const [questionId, value] of Object.entries(answers)) {
      if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) continue;
      await manager.query(`INSERT INTO application_answers (application_id, question_id, value) VALUES ($1, $2, $3)`, [id, questionId, JSON.stringify(value)]);
    }
  }

  async criteria(id: string, manager?: EntityManager): Promise<string[]> {
    const rows = (await this.db(manager).query(`SELECT criterion_id AS id FROM application_criteria WHERE application_id = $1 ORDER BY criterion_id`, [id])) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  async lines(id: string, manager?: EntityManager): Promise<BudgetLine[]> {
    const rows = (await this.db(manager).query(
      `SELECT item, amount_pence AS "amountPence", other_funding_pence AS "otherFundingPence" FROM application_budget_lines WHERE application_id = $1 ORDER BY position`,
      [id],
    )) as Array<{ item: string; amountPence: unknown; otherFundingPence: unknown }>;
    return rows.map((r) => ({ item: r.item, amountPence: pence(r.amountPence), otherFundingPence: pence(r.otherFundingPence) }));
  }

  async answers(id: string, manager?: EntityManager): Promise<Record<string, Answer>> {
    const rows = (await this.db(manager).query(`SELECT question_id AS "questionId", value FROM application_answers WHERE application_id = $1`, [id])) as Array<{ questionId: string; value: Answer }>;
    return Object.fromEntries(rows.map((r) => [r.questionId, r.value]));
  }

  // --- files ---

  async insertFile(manager: EntityManager, f: { applicationId: string; fileName: string; mimeType: string; sizeBytes: number; sha256: string; storedAs: string; uploadedBy: string }): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO application_files (application_id, file_name, mime_type, size_bytes, sha256, stored_as, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [f.applicationId, f.fileName, f.mimeType, f.sizeBytes, f.sha256, f.storedAs, f.uploadedBy],
    )) as Array<{ id: string }>;
    return row.id;
  }

  async files(id: string, manager?: EntityManager): Promise<FileRow[]> {
    return (await this.db(manager).query(
      `SELECT id, file_name AS "fileName", mime_type AS "mimeType", size_bytes AS "sizeBytes", stored_as AS "storedAs", uploaded_at AS "uploadedAt"
         FROM application_files WHERE application_id = $1 AND removed_at IS NULL ORDER BY uploaded_at, id`,
      [id],
    )) as FileRow[];
  }

  /** Forgets a file; returns where its bytes are, for deleting them once the change is committed. */
  async removeFile(manager: EntityManager, id: string, fileId: string): Promise<string | undefined> {
    // Through a CTE: a bare DELETE … RETURNING comes back from the driver as [rows, count].
    const [row] = (await manager.query(`WITH gone AS (DELETE FROM application_files WHERE application_id = $1 AND id = $2 RETURNING stored_as) SELECT stored_as AS "storedAs" FROM gone`, [id, fileId])) as Array<{ storedAs: string }>;
    return row?.storedAs;
  }

  // --- submission, withdrawal, screening ---

  /** The next application number in the round, under a lock of the round's own so two submissions never share one. */
  async nextNumber(manager: EntityManager, roundId: string): Promise<number> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('application-numbers:' || $1, 0))`, [roundId]);
    const [row] = (await manager.query(`SELECT count(*)::int AS n FROM applications WHERE round_id = $1 AND reference IS NOT NULL`, [roundId])) as Array<{ n: number }>;
    return row.n + 1;
  }

  async markSubmitted(manager: EntityManager, id: string, reference: string): Promise<void> {
    await manager.query(`UPDATE applications SET status = 'submitted', reference = coalesce(reference, $2), submitted_at = now(), info_requested_until = NULL, updated_at = now() WHERE id = $1`, [id, reference]);
  }

  /** What the officer screens: the organisation as it is now, and the automatic checks on the application as it is now. */
  async recordAssessment(manager: EntityManager, id: string, organisation: OrganisationProfile | null, eligibility: EligibilityCheck[]): Promise<void> {
    await manager.query(`UPDATE applications SET organisation_snapshot = $2, eligibility = $3 WHERE id = $1`, [id, organisation ? JSON.stringify(organisation) : null, JSON.stringify(eligibility)]);
  }

  /** A screened application changed before the deadline goes back to be screened again. */
  async backToSubmitted(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE applications SET status = 'submitted', updated_at = now() WHERE id = $1 AND status IN ('eligible', 'ineligible')`, [id]);
  }

  async markWithdrawn(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE applications SET status = 'withdrawn', withdrawn_at = now(), updated_at = now() WHERE id = $1`, [id]);
  }

  async recordDecision(manager: EntityManager, id: string, d: { decision: Decision; reason: string; infoUntil: Date | null; decidedBy: string }): Promise<void> {
    await manager.query(`INSERT INTO screening_decisions (application_id, decision, reason, info_until, decided_by) VALUES ($1, $2, $3, $4, $5)`, [id, d.decision, d.reason, d.infoUntil, d.decidedBy]);
    await manager.query(`UPDATE applications SET status = $2, info_requested_until = $3, updated_at = now() WHERE id = $1`, [id, d.decision, d.infoUntil]);
  }

  async decisions(id: string, manager?: EntityManager): Promise<DecisionRow[]> {
    return (await this.db(manager).query(
      `SELECT decision, reason, info_until AS "infoUntil", decided_by AS "decidedBy", decided_at AS "decidedAt" FROM screening_decisions WHERE application_id = $1 ORDER BY decided_at, id`,
      [id],
    )) as DecisionRow[];
  }

  // --- lists ---

  /** The applications of these organisations (a person's own), newest first. */
  async forOrganisations(organisationIds: string[]): Promise<ApplicationRow[]> {
    if (organisationIds.length === 0) return [];
    return ((await this.dataSource.query(`SELECT ${COLUMNS} FROM applications a WHERE a.organisation_id = ANY($1) ORDER BY a.updated_at DESC`, [organisationIds])) as ApplicationRow[]).map(money);
  }

  async createdBy(accountId: string): Promise<ApplicationRow[]> {
    return ((await this.dataSource.query(`SELECT ${COLUMNS} FROM applications a WHERE a.created_by = $1 ORDER BY a.updated_at DESC`, [accountId])) as ApplicationRow[]).map(money);
  }

  /** A round's applications that have been submitted at least once, for the fund's managers, with filters. */
  async forRound(roundId: string, f: ListFilters = {}): Promise<Array<ApplicationRow & { organisationName: string | null; criterionIds: string[] }>> {
    const where = [`a.round_id = $1`, `a.reference IS NOT NULL`];
    const params: unknown[] = [roundId];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (f.status) add(`a.status = ?`, f.status);
    if (f.lotId) add(`a.lot_id = ?`, f.lotId);
    if (f.areaCode) add(`a.area_code = ?`, f.areaCode);
    if (f.criterionId) add(`EXISTS (SELECT 1 FROM application_criteria c WHERE c.application_id = a.id AND c.criterion_id = ?)`, f.criterionId);
    if (f.search) {
      // The same parameter twice: words of the title, or part of the reference; LIKE's wildcards typed by people match themselves.
      params.push(f.search.replace(/[\\%_]/g, (c) => `\\${c}`));
      where.push(`(a.title ILIKE '%' || $${params.length} || '%' OR a.reference ILIKE '%' || $${params.length} || '%')`);
    }
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS}, o.name AS "organisationName",
              coalesce((SELECT array_agg(c.criterion_id ORDER BY c.criterion_id) FROM application_criteria c WHERE c.application_id = a.id), '{}') AS "criterionIds"
         FROM applications a LEFT JOIN applicant_organisations o ON o.id = a.organisation_id
        WHERE ${where.join(' AND ')} ORDER BY a.reference`,
      params,
    )) as Array<ApplicationRow & { organisationName: string | null; criterionIds: string[] }>;
    return rows.map((r) => ({ ...money(r), organisationName: r.organisationName, criterionIds: r.criterionIds }));
  }
}
