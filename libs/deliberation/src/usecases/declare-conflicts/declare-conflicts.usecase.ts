import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApplicationQueries } from '@commonpurse/applications';
import { AuditTrail } from '@commonpurse/audit';
import type { FieldProblem } from '@commonpurse/kernel';
import { checkDeclaration, isConflicted, type ConflictKind } from '../../domain/conflicts';
import { DeliberationErrorCode, DeliberationException, refuse } from '../../domain/deliberation.exception';
import { PanelRepository } from '../../persistence/panel.repository';
import { ReviewRepository } from '../../persistence/review.repository';
import { PanelAccess, reviewOver } from '../panel-access';

export interface Declaration {
  applicationId: string;
  kind: string;
  detail: string;
}

/**
 * Conflicts of interest, declared by each panellist for every application before they open any
 * (or recorded by a facilitator who knows of one). Declaring a conflict takes the application off
 * the panellist's list; only a facilitator may take a conflict back. All declarations in one
 * request stand or fall together, and each change goes into the audit trail.
 */
@Injectable()
export class DeclareConflictsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PanelAccess,
    private readonly panels: PanelRepository,
    private readonly reviews: ReviewRepository,
    private readonly applications: ApplicationQueries,
    private readonly audit: AuditTrail,
  ) {}

  /** A panellist's own declarations. */
  async declare(command: { accountId: string; roundId: string; declarations: Declaration[] }): Promise<void> {
    const { round } = await this.access.seat({ accountId: command.accountId }, command.roundId);
    if (reviewOver(round)) throw refuse(DeliberationErrorCode.Closed, 'panel', 'deliberation.reviewOver');
    await this.save(command.accountId, command.accountId, round.id, command.declarations, false);
  }

  /** A facilitator records (or withdraws) a panellist's conflict. */
  async record(command: { actorId: string; fundId: string; roundId: string; accountId: string; declaration: Declaration }): Promise<void> {
    const round = await this.access.roundFor(command.fundId, command.roundId);
    const member = await this.panels.member(round.id, command.accountId);
    if (!member) throw refuse(DeliberationErrorCode.Invalid, 'accountId', 'deliberation.members.notAMember');
    await this.save(command.actorId, command.accountId, round.id, [command.declaration], true);
  }

  private async save(actorId: string, accountId: string, roundId: string, declarations: Declaration[], byFacilitator: boolean): Promise<void> {
    if (declarations.length === 0) throw refuse(DeliberationErrorCode.Invalid, 'declarations', 'deliberation.conflicts.noneGiven');
    const eligible = new Set((await this.applications.eligible(roundId)).map((a) => a.id));
    const problems: FieldProblem[] = [];
    for (const d of declarations) if (!eligible.has(d.applicationId)) problems.push({ field: `conflict-${d.applicationId}`, problem: 'deliberation.conflicts.notInRound' });
    if (problems.length > 0) throw new DeliberationException(DeliberationErrorCode.Invalid, problems[0].problem, problems);
    await this.dataSource.transaction(async (manager) => {
      for (const d of declarations) {
        const before = await this.reviews.lockConflict(manager, d.applicationId, accountId);
        const detail = d.detail.trim();
        const problem = checkDeclaration(before?.kind ?? null, d.kind, detail, byFacilitator);
        if (problem) problems.push({ field: problem === 'detailRequired' || problem === 'detailTooLong' ? `detail-${d.applicationId}` : `conflict-${d.applicationId}`, problem: `deliberation.conflicts.${problem}` });
      }
      if (problems.length > 0) throw new DeliberationException(DeliberationErrorCode.Invalid, problems[0].problem, problems);
      for (const d of declarations) {
        const kind = d.kind as ConflictKind;
        const detail = d.detail.trim() || null;
        const before = await this.reviews.conflict(d.applicationId, accountId, manager);
        if (before && before.kind === kind && before.detail === detail) continue;
        await this.reviews.declare(manager, roundId, { applicationId: d.applicationId, accountId, kind, detail, declaredBy: actorId });
        if (isConflicted(kind)) await this.reviews.unassign(manager, d.applicationId, accountId);
        await this.audit.record(manager, {
          actorId,
          action: 'deliberation.declare-conflict',
          entityType: 'application',
          entityId: d.applicationId,
          before: before ? { accountId, kind: before.kind, detail: before.detail } : null,
          after: { accountId, kind, detail, byFacilitator },
        });
      }
    });
  }
}
