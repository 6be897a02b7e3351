import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { requireResident } from '@commonpurse/funds';
import type { Principal } from '@commonpurse/kernel';
import { DeliberationErrorCode, DeliberationException, refuse } from '../../domain/deliberation.exception';
import { normaliseProfile } from '../../domain/profile-questions';
import { PanelRepository } from '../../persistence/panel.repository';
import { PanelAccess, reviewOver } from '../panel-access';

/**
 * A resident of the fund's area volunteers for a round's panel, answering (or not) the profile
 * questions the panel asks; they may change their answers or withdraw until the panel is drawn.
 * The answers are special-category data: only the facilitators see them, and only the draw and
 * totals use them; the audit trail records that someone volunteered, never what they answered.
 */
@Injectable()
export class VolunteerUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PanelAccess,
    private readonly panels: PanelRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: { person: Principal; fundKey: string; roundKey: string; answers: Record<string, unknown> }): Promise<void> {
    const round = await this.access.publicRound(command.fundKey, command.roundKey);
    requireResident(round.areas, command.person);
    if (reviewOver(round)) throw refuse(DeliberationErrorCode.Closed, 'panel', 'deliberation.reviewOver');
    await this.dataSource.transaction(async (manager) => {
      // The panel's lock: a volunteer either makes it into the draw's snapshot or is told it has been drawn.
      const panel = await this.panels.lock(manager, round.id);
      if (await this.panels.draw(round.id, manager)) throw refuse(DeliberationErrorCode.Closed, 'panel', 'deliberation.volunteer.alreadyDrawn');
      const { profile, problems } = normaliseProfile(panel.profileQuestions, round.areas.map((a) => a.code), command.answers);
      if (problems.length > 0) throw new DeliberationException(DeliberationErrorCode.Invalid, 'deliberation.volunteer.answerUnknown', problems.map((p) => ({ field: p.field, problem: 'deliberation.volunteer.answerUnknown' })));
      const already = await this.panels.volunteer(round.id, command.person.accountId, manager);
      await this.panels.saveVolunteer(manager, round.id, command.person.accountId, profile);
      if (!already) await this.audit.record(manager, { actorId: command.person.accountId, action: 'deliberation.volunteer', entityType: 'round', entityId: round.id, before: null, after: { volunteered: true } });
    });
  }

  async withdraw(command: { person: Principal; fundKey: string; roundKey: string }): Promise<void> {
    const round = await this.access.publicRound(command.fundKey, command.roundKey);
    await this.dataSource.transaction(async (manager) => {
      await this.panels.lock(manager, round.id);
      if (await this.panels.draw(round.id, manager)) throw refuse(DeliberationErrorCode.Closed, 'panel', 'deliberation.volunteer.alreadyDrawn');
      if (!(await this.panels.removeVolunteer(manager, round.id, command.person.accountId))) throw new DeliberationException(DeliberationErrorCode.NotFound, 'deliberation.volunteer.notVolunteered');
      await this.audit.record(manager, { actorId: command.person.accountId, action: 'deliberation.withdraw-volunteer', entityType: 'round', entityId: round.id, before: { volunteered: true }, after: null });
    });
  }
}
