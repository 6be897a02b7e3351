import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@commonpurse/audit';
import { requirePhase } from '@commonpurse/funds';
import { ResidentDirectory } from '@commonpurse/identity';
import { NotificationEvent, Notifier } from '@commonpurse/notifications';
import { sectionsFor } from '../../domain/application-form';
import { canScreen, DECISIONS, decisionsFor, type Decision } from '../../domain/application-status';
import { ApplicationsErrorCode, ApplicationsException, invalid } from '../../domain/applications.exception';
import { ApplicationRepository } from '../../persistence/application.repository';
import { OrganisationRepository } from '../../persistence/organisation.repository';
import { ApplicationAccess } from '../application-access';

export interface ScreenCommand {
  actorId: string;
  fundId: string;
  roundId: string;
  applicationId: string;
  decision: Decision;
  /** Shown to the applicant. */
  reason: string;
  /** For "needs more information": until when the applicant may change it and send it again. */
  infoUntil: Date | null;
  /** When the application the officer read was last changed: if it has changed since, they must read it again. */
  seenUpdatedAt?: Date;
}

/**
 * An officer screens an application during the screening phase: eligible, ineligible, or needs
 * more information (which reopens it to the applicant until a date within screening). The reason
 * is shown to the applicant and emailed to the organisation's members; every decision is audited.
 */
@Injectable()
export class ScreenApplicationUseCase {
  constructor(
    private readonly access: ApplicationAccess,
    private readonly applications: ApplicationRepository,
    private readonly organisations: OrganisationRepository,
    private readonly residents: ResidentDirectory,
    private readonly notifier: Notifier,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: ScreenCommand): Promise<void> {
    if (!(DECISIONS as readonly string[]).includes(command.decision)) throw invalid('decision', 'applications.screening.decisionMissing');
    const reason = command.reason.trim();
    if (!reason) throw invalid('reason', 'applications.screening.reasonMissing');
    if (reason.length > 2000) throw invalid('reason', 'applications.screening.reasonTooLong');
    await this.access.changeAsManager(command.fundId, command.roundId, command.applicationId, async ({ application, round, form }, manager) => {
      const now = new Date();
      if (command.seenUpdatedAt && new Date(application.updatedAt).getTime() !== command.seenUpdatedAt.getTime()) throw invalid('decision', 'applications.screening.changedMeanwhile', ApplicationsErrorCode.Conflict);
      requirePhase(round.phases, now, 'screen-application');
      if (!decisionsFor(application.stage).includes(command.decision)) throw invalid('decision', `applications.screening.notAt.${application.stage}`);
      if (!canScreen(application.status)) throw new ApplicationsException(ApplicationsErrorCode.Closed, `applications.closed.${application.status}`, [{ field: 'decision', problem: `applications.closed.${application.status}` }]);
      let infoUntil: Date | null = null;
      if (command.decision === 'needs-info') {
        const screening = round.phases.find((p) => p.phase === 'screening')!;
        if (!command.infoUntil || Number.isNaN(command.infoUntil.getTime())) throw invalid('infoUntil', 'applications.screening.infoUntilMissing');
        if (command.infoUntil <= now) throw invalid('infoUntil', 'applications.screening.infoUntilPast');
        if (screening.closesAt && command.infoUntil > new Date(screening.closesAt)) throw invalid('infoUntil', 'applications.screening.infoUntilAfterScreening');
        infoUntil = command.infoUntil;
      }
      await this.applications.recordDecision(manager, application.id, { decision: command.decision, reason, infoUntil, decidedBy: command.actorId });
      if (command.decision === 'invited') {
        // On to the full application: the rest of the form opens, with what was said so far kept.
        await this.applications.moveToFullStage(manager, application.id);
        await this.applications.addSections(manager, application.id, sectionsFor(form, 'full'));
      }
      await this.audit.record(manager, {
        actorId: command.actorId,
        action: 'applications.screen',
        entityType: 'application',
        entityId: application.id,
        before: { status: application.status },
        after: { status: command.decision, reason, infoUntil },
      });
      const decisions = (await this.applications.decisions(application.id, manager)).length;
      const members = application.organisationId ? await this.organisations.members(application.organisationId, manager) : [application.createdBy];
      const people = await this.residents.byIds(members, manager);
      await this.notifier.notify(
        manager,
        people.map((person) => ({
          event: NotificationEvent.ScreeningDecision,
          eventId: `${application.id}:decision-${decisions}`,
          recipient: { accountId: person.accountId, email: person.email, language: person.language, name: person.name },
          payload: {
            reference: application.reference,
            title: application.title,
            roundName: round.name,
            fundName: round.fund.name,
            decision: command.decision,
            reason,
            infoUntil: infoUntil ? infoUntil.toISOString() : null,
            applicationPath: `/applications/${application.id}`,
          },
        })),
      );
    });
  }
}
