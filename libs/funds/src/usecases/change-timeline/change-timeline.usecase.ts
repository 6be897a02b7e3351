import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import type { FieldProblem } from '@commonpurse/kernel';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { checkRules } from '../../domain/round-rules';
import { checkTimelineChange, completeTimeline, timelineFieldProblems, type PhaseWindow } from '../../domain/round-timeline';
import { RoundRepository } from '../../persistence/round.repository';
import { RoundContext } from '../round-context';
import { rulesOf } from '../update-round-rules/update-round-rules.usecase';

export interface ChangeTimelineCommand {
  actorId: string;
  fundId: string;
  roundId: string;
  /** The whole new timeline; phases not given are switched off. */
  phases: PhaseWindow[];
}

/**
 * A fund manager changes a round's dates: past phases stay as they were, the phase open now may
 * only close earlier or later, phases to come may change freely (never into the past), and the
 * result must still be a valid timeline, and one the round's rules still hold on (a panel weight
 * needs the panel review: switch the weight off first). Audited with before and after.
 */
@Injectable()
export class ChangeTimelineUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: RoundContext,
    private readonly rounds: RoundRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: ChangeTimelineCommand): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { round, phases: before, at } = await this.context.lock(manager, command.fundId, command.roundId);
      const after = completeTimeline(command.phases);
      const problems: FieldProblem[] = [
        ...timelineFieldProblems(command.phases),
        ...checkTimelineChange(before, after, at).map((p) => ({ field: `phases.${p.phase}`, problem: `funds.round.timeline.${p.problem}` })),
        // Only what this change takes away: a round that never had its panel review is the rules' business.
        ...(hasPanel(before) && !hasPanel(after)
          ? checkRules(rulesOf(round), after)
              .filter((p) => p.problem === 'funds.rules.panelWeightNeedsPanel')
              .map(() => ({ field: 'phases.panel-review', problem: 'funds.rules.panelWeightNeedsPanelTimeline' }))
          : []),
      ];
      if (problems.length > 0) throw new FundsException(FundsErrorCode.Invalid, problems[0].problem, problems);
      await this.rounds.replacePhases(manager, round.id, after);
      await this.audit.record(manager, { actorId: command.actorId, action: 'funds.change-timeline', entityType: 'round', entityId: round.id, before: { phases: before }, after: { phases: after } });
    });
  }
}

const hasPanel = (phases: PhaseWindow[]) => phases.some((p) => p.phase === 'panel-review' && p.enabled);
