import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApplicationQueries } from '@commonpurse/applications';
import { AuditTrail } from '@commonpurse/audit';
import { requirePhase } from '@commonpurse/funds';
import type { FieldProblem } from '@commonpurse/kernel';
import { CommitAwardsUseCase } from '@commonpurse/ledger';
import { DeliberationErrorCode, DeliberationException, refuse } from '../../domain/deliberation.exception';
import { outcomesFor, type Outcome } from '../../domain/panel-rules';
import { ReviewRepository } from '../../persistence/review.repository';
import { PanelAccess } from '../panel-access';

export interface DecideCommand {
  actorId: string;
  fundId: string;
  roundId: string;
  applicationId: string;
  outcome: string;
  /** Published with the results. */
  rationale: string;
  /** For a direct award other than the amount asked for. */
  awardPence?: number | null;
  /** Why a decision already made is changed. */
  reason?: string;
  /** The decision's version the page showed (0 for none): a change made since is not overwritten. */
  seenVersion?: number;
}

/**
 * The panel's decision on an application, recorded by its facilitator: on the shortlist for the
 * public vote or not, or (with no public vote) an award or none. Each comes with a rationale that
 * is published with the results; once made, a decision changes only with a recorded reason, and
 * the audit trail keeps every version. An award decision commits the award in the ledger in the
 * same transaction (refused, and nothing saved, when the round's budget cannot cover it); changing
 * it withdraws that award first.
 */
@Injectable()
export class DecideApplicationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PanelAccess,
    private readonly reviews: ReviewRepository,
    private readonly applications: ApplicationQueries,
    private readonly audit: AuditTrail,
    private readonly awards: CommitAwardsUseCase,
  ) {}

  async execute(command: DecideCommand): Promise<void> {
    const round = await this.access.roundFor(command.fundId, command.roundId);
    requirePhase(round.phases, new Date(), 'deliberate');
    const application = (await this.applications.eligible(round.id)).find((a) => a.id === command.applicationId);
    if (!application) throw new DeliberationException(DeliberationErrorCode.NotFound, 'deliberation.decisions.notEligible');
    const outcomes = outcomesFor(round.phases.some((p) => p.phase === 'public-vote' && p.enabled));
    const rationale = command.rationale.trim();
    const problems: FieldProblem[] = [];
    if (!(outcomes as string[]).includes(command.outcome)) problems.push({ field: 'outcome', problem: 'deliberation.decisions.outcomeRequired' });
    if (rationale === '') problems.push({ field: 'rationale', problem: 'deliberation.decisions.rationaleRequired' });
    else if (rationale.length > 2000) problems.push({ field: 'rationale', problem: 'deliberation.decisions.rationaleTooLong' });
    const outcome = command.outcome as Outcome;
    const awardPence = outcome === 'award' ? (command.awardPence ?? application.amountPence) : null;
    if (outcome === 'award' && (!awardPence || awardPence <= 0 || (application.amountPence !== null && awardPence > application.amountPence))) problems.push({ field: 'award', problem: 'deliberation.decisions.awardInvalid' });
    if (problems.length > 0) throw new DeliberationException(DeliberationErrorCode.Invalid, problems[0].problem, problems);
    await this.dataSource.transaction(async (manager) => {
      const before = await this.reviews.lockDecision(manager, application.id);
      if (command.seenVersion !== undefined && command.seenVersion !== (before?.version ?? 0)) throw refuse(DeliberationErrorCode.Conflict, 'outcome', 'deliberation.decisions.changedSince');
      if (before && before.outcome === outcome && before.rationale === rationale && before.awardPence === awardPence) return;
      const reason = (command.reason ?? '').trim();
      if (before && reason === '') throw refuse(DeliberationErrorCode.Invalid, 'reason', 'deliberation.decisions.reasonRequired');
      if (reason.length > 1000) throw refuse(DeliberationErrorCode.Invalid, 'reason', 'deliberation.decisions.reasonTooLong');
      await this.reviews.saveDecision(manager, round.id, { applicationId: application.id, outcome, awardPence, rationale, changeReason: before ? reason : null, decidedBy: command.actorId });
      const money = { actorId: command.actorId, fundId: round.fund.id, roundId: round.id };
      if (before?.outcome === 'award' && (outcome !== 'award' || before.awardPence !== awardPence)) await this.awards.withdrawStanding(manager, { ...money, applicationId: application.id, reason });
      if (outcome === 'award' && (before?.outcome !== 'award' || before.awardPence !== awardPence)) {
        const version = (before?.version ?? 0) + 1;
        await this.awards.execute(manager, { ...money, roundBudgetPence: round.budgetPence, source: 'panel-decision', sourceRef: `decision:${application.id}:v${version}`, awards: [{ applicationId: application.id, lotKey: application.lotId ?? '', amountPence: awardPence! }] });
      }
      await this.audit.record(manager, {
        actorId: command.actorId,
        action: 'deliberation.decide',
        entityType: 'application',
        entityId: application.id,
        before: before ? { outcome: before.outcome, awardPence: before.awardPence, rationale: before.rationale } : null,
        after: { outcome, awardPence, rationale, reason: before ? reason : null },
      });
    });
  }
}
