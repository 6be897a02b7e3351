import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { areaIncludes } from '@commonpurse/funds';
import type { OrganisationProfile } from '../domain/applicant-organisation';
import { checkEligibility } from '../domain/eligibility';
import { ApplicationRepository } from '../persistence/application.repository';
import { OrganisationRepository } from '../persistence/organisation.repository';
import type { ApplicationInRound } from './application-access';

/**
 * What an officer screens, taken when an application is submitted and each time it changes
 * after: the organisation as it stands then (later edits to the organisation's profile do not
 * reach an application already in front of an officer) and the automatic eligibility checks.
 */
@Injectable()
export class Assessment {
  constructor(
    private readonly applications: ApplicationRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  async record(manager: EntityManager, { application, round, form }: ApplicationInRound): Promise<void> {
    const current = await this.applications.find(application.id, manager);
    const organisation = current?.organisationId ? await this.organisations.find(current.organisationId, manager) : undefined;
    const snapshot: OrganisationProfile | null = organisation
      ? {
          name: organisation.name,
          type: organisation.type,
          registrationNumber: organisation.registrationNumber,
          addressLine1: organisation.addressLine1,
          addressLine2: organisation.addressLine2,
          town: organisation.town,
          postcode: organisation.postcode,
          contactName: organisation.contactName,
          contactEmail: organisation.contactEmail,
          contactPhone: organisation.contactPhone,
        }
      : null;
    const answers = await this.applications.answers(application.id, manager);
    const eligibility = checkEligibility(
      {
      organisationInArea: snapshot ? areaIncludes(form.areas, snapshot.postcode) : false,
      amountPence: current?.amountPence ?? null,
      grantMinPence: form.grantMinPence,
      grantMaxPence: form.grantMaxPence,
      organisationType: snapshot?.type ?? null,
      eligibleTypes: round.applicantTypes,
        missingRequiredAnswers: form.questions.filter((q) => q.required && (answers[q.id] === undefined || answers[q.id] === null)).length,
      },
      current?.stage ?? 'full',
    );
    await this.applications.recordAssessment(manager, application.id, snapshot, eligibility);
  }
}
