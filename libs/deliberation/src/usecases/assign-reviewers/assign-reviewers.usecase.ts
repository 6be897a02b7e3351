import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApplicationQueries } from '@commonpurse/applications';
import { AuditTrail } from '@commonpurse/audit';
import { assignReviewers, pairKey, type AssignmentResult } from '../../domain/assignment';
import { isConflicted } from '../../domain/conflicts';
import { DeliberationErrorCode, refuse } from '../../domain/deliberation.exception';
import { PanelRepository } from '../../persistence/panel.repository';
import { ReviewRepository } from '../../persistence/review.repository';
import { PanelAccess, reviewOver } from '../panel-access';

/**
 * A facilitator shares the applications out: everyone reviews everything, or each application
 * gets `perApplication` reviewers (balanced, never a conflicted one). Reviews with a score saved
 * are kept. Says which applications could not get enough reviewers.
 */
@Injectable()
export class AssignReviewersUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PanelAccess,
    private readonly panels: PanelRepository,
    private readonly reviews: ReviewRepository,
    private readonly applications: ApplicationQueries,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: { actorId: string; fundId: string; roundId: string; perApplication?: number }): Promise<AssignmentResult> {
    const round = await this.access.roundFor(command.fundId, command.roundId);
    if (reviewOver(round)) throw refuse(DeliberationErrorCode.Closed, 'panel', 'deliberation.reviewOver');
    const per = command.perApplication;
    if (per !== undefined && (!Number.isInteger(per) || per < 1 || per > 200)) throw refuse(DeliberationErrorCode.Invalid, 'perApplication', 'deliberation.assign.perApplicationInvalid');
    const applicationIds = (await this.applications.eligible(round.id)).map((a) => a.id);
    return this.dataSource.transaction(async (manager) => {
      await this.panels.lock(manager, round.id);
      const panellistIds = (await this.panels.members(round.id, manager)).filter((m) => m.status === 'accepted').map((m) => m.accountId);
      if (panellistIds.length === 0) throw refuse(DeliberationErrorCode.Invalid, 'perApplication', 'deliberation.assign.nobody');
      if (per !== undefined && per > panellistIds.length) throw refuse(DeliberationErrorCode.Invalid, 'perApplication', 'deliberation.assign.moreThanPanel');
      const conflicts = new Set((await this.reviews.conflicts(round.id, manager)).filter((c) => isConflicted(c.kind)).map((c) => pairKey(c.applicationId, c.accountId)));
      const keep = new Set((await this.reviews.scores(round.id, manager)).map((s) => pairKey(s.applicationId, s.accountId)).filter((k) => !conflicts.has(k)));
      const before = await this.reviews.assignments(round.id, manager);
      const result = assignReviewers({ applicationIds, panellistIds, conflicts, keep, perApplication: per });
      await this.reviews.replaceAssignments(manager, round.id, result.pairs, command.actorId);
      await this.audit.record(manager, { actorId: command.actorId, action: 'deliberation.assign', entityType: 'round', entityId: round.id, before: { pairs: before.length }, after: { perApplication: per ?? 'all', pairs: result.pairs.length, short: result.short } });
      return result;
    });
  }
}
