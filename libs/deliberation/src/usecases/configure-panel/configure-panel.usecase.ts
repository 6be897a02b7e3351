import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { DeliberationErrorCode, DeliberationException, refuse } from '../../domain/deliberation.exception';
import { checkSettings } from '../../domain/panel-settings';
import { PanelRepository } from '../../persistence/panel.repository';
import { ReviewRepository } from '../../persistence/review.repository';
import { PanelAccess, reviewOver } from '../panel-access';

export interface ConfigureCommand {
  actorId: string;
  fundId: string;
  roundId: string;
  panelSize: unknown;
  profileQuestions: string[];
  quotas: Array<{ category: string; value: string; min: unknown; max: unknown }>;
  scoreMax: unknown;
  /** The settings' version the facilitator's page showed: a change made since is not overwritten. */
  seenVersion?: number;
}

/**
 * A facilitator sets the panel up: its size, which profile questions volunteers are asked, the
 * quotas and the scoring scale. Size, questions and quotas are the draw's input, so they are
 * fixed once the panel is drawn; the scale is fixed once anyone has scored. Audited.
 */
@Injectable()
export class ConfigurePanelUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PanelAccess,
    private readonly panels: PanelRepository,
    private readonly reviews: ReviewRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: ConfigureCommand): Promise<void> {
    const round = await this.access.roundFor(command.fundId, command.roundId);
    if (reviewOver(round)) throw refuse(DeliberationErrorCode.Closed, 'panel', 'deliberation.reviewOver');
    const { settings, problems } = checkSettings(command, round.areas.map((a) => a.code));
    if (problems.length > 0) throw new DeliberationException(DeliberationErrorCode.Invalid, problems[0].problem, problems);
    await this.dataSource.transaction(async (manager) => {
      const before = await this.panels.lock(manager, round.id);
      if (command.seenVersion !== undefined && command.seenVersion !== before.version) throw refuse(DeliberationErrorCode.Conflict, 'panel', 'deliberation.settings.changedSince');
      const drawn = await this.panels.draw(round.id, manager);
      const drawInputChanged = before.panelSize !== settings.panelSize || JSON.stringify(before.profileQuestions) !== JSON.stringify(settings.profileQuestions) || JSON.stringify(before.quotas) !== JSON.stringify(settings.quotas);
      if (drawn && drawInputChanged) throw refuse(DeliberationErrorCode.Closed, 'panelSize', 'deliberation.settings.drawn');
      if (before.scoreMax !== settings.scoreMax && (await this.reviews.scores(round.id, manager)).length > 0) throw refuse(DeliberationErrorCode.Closed, 'scoreMax', 'deliberation.settings.scored');
      await this.panels.saveSettings(manager, round.id, settings, command.actorId);
      await this.audit.record(manager, {
        actorId: command.actorId,
        action: 'deliberation.configure',
        entityType: 'round',
        entityId: round.id,
        before: { panelSize: before.panelSize, profileQuestions: before.profileQuestions, quotas: before.quotas, scoreMax: before.scoreMax },
        after: settings,
      });
    });
  }
}
