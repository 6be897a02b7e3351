import { Injectable } from '@nestjs/common';
import { ResidentDirectory } from '@commonpurse/identity';
import type { Principal } from '@commonpurse/kernel';
import { NotificationEvent, Notifier } from '@commonpurse/notifications';
import { ApplicationsErrorCode, ApplicationsException, invalid } from '../../domain/applications.exception';
import { referenceFor } from '../../domain/reference';
import { ApplicationRepository } from '../../persistence/application.repository';
import { OrganisationRepository } from '../../persistence/organisation.repository';
import { ApplicationAccess } from '../application-access';
import { Assessment } from '../assessment';

/**
 * Submits an application with the applicant's declaration: every section complete, the round
 * taking applications (by the server's clock, to the second) or the application reopened for
 * more information. It gets its reference the first time; the organisation as it stands and the
 * automatic eligibility checks are recorded for the officer; the organisation's members are
 * emailed a confirmation. Pressing submit twice submits once.
 */
@Injectable()
export class SubmitApplicationUseCase {
  constructor(
    private readonly access: ApplicationAccess,
    private readonly applications: ApplicationRepository,
    private readonly organisations: OrganisationRepository,
    private readonly assessment: Assessment,
    private readonly residents: ResidentDirectory,
    private readonly notifier: Notifier,
  ) {}

  async execute(command: { person: Principal; applicationId: string; declaration: boolean }): Promise<{ reference: string }> {
    return this.access.changeAsApplicant(command.person, command.applicationId, async (found, manager) => {
      const { application, round } = found;
      if (application.status === 'submitted' || application.status === 'eligible' || application.status === 'ineligible') return { reference: application.reference! };
      if (application.status !== 'draft' && application.status !== 'needs-info' && application.status !== 'invited') {
        throw new ApplicationsException(ApplicationsErrorCode.Closed, `applications.closed.${application.status}`, [{ field: 'application', problem: `applications.closed.${application.status}` }]);
      }
      this.access.assertEditable(found);
      const unfinished = (await this.applications.sections(application.id, manager)).filter((s) => !s.completed).map((s) => s.section);
      if (unfinished.length > 0) {
        throw new ApplicationsException(ApplicationsErrorCode.Invalid, 'applications.submit.sectionsIncomplete', unfinished.map((s) => ({ field: `section-${s}`, problem: `applications.submit.incomplete.${s}` })));
      }
      if (!command.declaration) throw invalid('declaration', 'applications.submit.declarationMissing');

      const reference = application.reference ?? referenceFor(round.name, await this.applications.nextNumber(manager, round.id));
      await this.applications.markSubmitted(manager, application.id, reference);
      await this.assessment.record(manager, found);

      const submissions = (await this.applications.decisions(application.id, manager)).length;
      const members = application.organisationId ? await this.organisations.members(application.organisationId, manager) : [command.person.accountId];
      const people = await this.residents.byIds(members, manager);
      await this.notifier.notify(
        manager,
        people.map((person) => ({
          event: NotificationEvent.ApplicationReceived,
          // A new event each time it is submitted (again, after a request for more information).
          eventId: `${application.id}:submission-${submissions}`,
          recipient: { accountId: person.accountId, email: person.email, language: person.language, name: person.name },
          payload: { reference, title: application.title, roundName: round.name, fundName: round.fund.name, applicationPath: `/applications/${application.id}` },
        })),
      );
      return { reference };
    });
  }
}
