import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { requirePhase } from '@commonpurse/funds';
import type { Principal } from '@commonpurse/kernel';
import { isConflicted } from '../../domain/conflicts';
import { DeliberationErrorCode, DeliberationException, refuse } from '../../domain/deliberation.exception';
import { checkMarks, rubricFor } from '../../domain/scoring';
import { PanelRepository } from '../../persistence/panel.repository';
import { ReviewRepository } from '../../persistence/review.repository';
import { PanelAccess } from '../panel-access';

/**
 * A panellist scores an application against the rubric, saving as they go and revising until
 * scoring closes (with the panel-review phase, or earlier when the facilitator closes it). Never
 * on an application they are conflicted on: the declaration is read under its lock, so a conflict
 * declared at the same moment is never crossed by a score.
 */
@Injectable()
export class ScoreApplicationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PanelAccess,
    private readonly panels: PanelRepository,
    private readonly reviews: ReviewRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: { person: Pick<Principal, 'accountId'>; roundId: string; applicationId: string; marks: Record<string, unknown>; comment: string }): Promise<{ complete: boolean }> {
    const { round, panel } = await this.access.application(command.person, command.roundId, command.applicationId);
    requirePhase(round.phases, new Date(), 'score-application');
    if (panel.scoringClosedAt) throw refuse(DeliberationErrorCode.Closed, 'scores', 'deliberation.scoring.closed');
    const rubric = rubricFor(round.criteria);
    const comment = command.comment.trim();
    const { marks, complete, problems } = checkMarks(rubric, panel.scoreMax, command.marks, comment);
    if (problems.length > 0) {
      throw new DeliberationException(
        DeliberationErrorCode.Invalid,
        `deliberation.scoring.${problems[0].problem}`,
        problems.map((p) => ({ field: p.field, problem: `deliberation.scoring.${p.problem}`, params: { max: panel.scoreMax } })),
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const conflict = await this.reviews.lockConflict(manager, command.applicationId, command.person.accountId);
      if (!conflict || isConflicted(conflict.kind)) throw refuse(DeliberationErrorCode.Forbidden, 'conflict', 'deliberation.conflicts.conflicted');
      const current = await this.panels.find(round.id, manager);
      if (current.scoringClosedAt) throw refuse(DeliberationErrorCode.Closed, 'scores', 'deliberation.scoring.closed');
      const before = await this.reviews.score(command.applicationId, command.person.accountId, manager);
      await this.reviews.saveScore(manager, round.id, { applicationId: command.applicationId, accountId: command.person.accountId, marks, comment, complete });
      await this.audit.record(manager, {
        actorId: command.person.accountId,
        action: 'deliberation.score',
        entityType: 'application',
        entityId: command.applicationId,
        before: before ? { marks: before.marks, complete: before.complete } : null,
        after: { marks, complete },
      });
      return { complete };
    });
  }

  /** A facilitator closes scoring early (or opens it again while the phase lasts). */
  async setClosed(command: { actorId: string; fundId: string; roundId: string; closed: boolean }): Promise<void> {
    const round = await this.access.roundFor(command.fundId, command.roundId);
    await this.dataSource.transaction(async (manager) => {
      const panel = await this.panels.lock(manager, round.id);
      if (!!panel.scoringClosedAt === command.closed) return;
      await this.panels.closeScoring(manager, round.id, command.closed ? new Date() : null);
      await this.audit.record(manager, { actorId: command.actorId, action: command.closed ? 'deliberation.close-scoring' : 'deliberation.reopen-scoring', entityType: 'round', entityId: round.id, before: null, after: null });
    });
  }
}
