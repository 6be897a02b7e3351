import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { areaIncludes } from '@commonpurse/funds';
import { ResidentDirectory } from '@commonpurse/identity';
import type { Principal } from '@commonpurse/kernel';
import { NotificationEvent, Notifier } from '@commonpurse/notifications';
import { ApplicationsErrorCode, ApplicationsException, invalid } from '../../domain/applications.exception';
import { checkEligibility } from '../../domain/eligibility';
import { referenceFor } from '../../domain/reference';
import { ApplicationRepository } from '../../persistence/application.repository';
import { OrganisationRepository } from '../../persistence/organisation.repository';
import { ApplicationAccess } from '../application-access';

/**
 * Submits an application with the applicant's declaration: every section complete, the round
 * taking applications (by the server's clock, to the second) or the application reopened for
 * more information. It gets its reference the first time, the automatic eligibility checks are
 * recorded for the officer, and the organisation's members are emailed a confirmation. Pressing
 * submit twice submits once.
 */
@Injectable()
export class SubmitApplicationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ApplicationAccess,
    private readonly applications: ApplicationRepository,
    private readonly organisations: OrganisationRepository,
    private readonly residents: ResidentDirectory,
    private readonly notifier: Notifier,
  ) {}

  async execute(command: { person: Principal; applicationId: string; declaration: boolean }): Promise<{ reference: string }> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.access.forApplicant(command.person, command.applicationId, manager);
      const { application, round, form } = found;
      if (application.status === 'submitted') return { reference: application.reference! };
      if (application.status !== 'draft' && application.status !== 'needs-info') {
        throw new ApplicationsException(ApplicationsErrorCode.Closed, `applications.closed.${application.status}`, [{ field: 'application', problem: `applications.closed.${application.status}` }]);
      }
      this.access.assertEditable(found);
      const unfinished = (await this.applications.sections(application.id, manager)).filter((s) => !s.completed).map((s) => s.section);
      if (unfinished.length > 0) {
        throw new ApplicationsException(ApplicationsErrorCode.Invalid, 'applications.submit.sectionsIncomplete', unfinished.map((s) => ({ field: `section-${s}`, problem: `applications.submit.incomplete.${s}` })));
      }
      if (!command.declaration) throw invalid('declaration', 'applications.submit.declarationMissing');

      const organisation = application.organisationId ? await this.organisations.find(application.organisationId, manager) : undefined;
      const answers = await this.applications.answers(application.id, manager);
      const eligibility = checkEligibility({
        organisationInArea: organisation ? areaIncludes(form.areas, organisation.postcode) : false,
        amountPence: application.amountPence,
        grantMinPence: form.grantMinPence,
        grantMaxPence: form.grantMaxPence,
        organisationType: organisation?.type ?? null,
        eligibleTypes: round.applicantTypes,
        missingRequiredAnswers: form.questions.filter((q) => q.required && (answers[q.id] === undefined || answers[q.id] === null)).length,
      });
      const reference = application.reference ?? referenceFor(round.name, await this.applications.nextNumber(manager, round.id));
      await this.applications.markSubmitted(manager, application.id, reference, eligibility);

      const submissions = (await this.applications.decisions(application.id)).length;
      const members = organisation ? await this.organisations.members(organisation.id) : [command.person.accountId];
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
