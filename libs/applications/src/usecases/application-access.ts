import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FundQueries, requirePhase, type RoundDetail } from '@commonpurse/funds';
import type { Principal } from '@commonpurse/kernel';
import type { RoundForm } from '../domain/application-form';
import { ApplicationsErrorCode, ApplicationsException } from '../domain/applications.exception';
import { editableBy } from '../domain/application-status';
import { ApplicationRepository, type ApplicationRow } from '../persistence/application.repository';
import { OrganisationRepository } from '../persistence/organisation.repository';

export interface ApplicationInRound {
  application: ApplicationRow;
  round: RoundDetail;
  form: RoundForm;
}

/** What the form needs of the round, from the funds module's view of it. */
export function roundForm(round: RoundDetail): RoundForm {
  return {
    grantMinPence: round.grantMinPence,
    grantMaxPence: round.grantMaxPence,
    areas: round.areas,
    lots: round.lots.map((l) => ({ id: l.id, name: l.name, areaCode: l.areaCode, criterionId: l.criterionId })),
    criteria: round.criteria.map((c) => ({ id: c.id, title: c.title })),
    questions: round.questions.map((q) => ({ id: q.id, type: q.type, label: q.label, required: q.required, wordLimit: q.wordLimit, options: q.options })),
  };
}

/**
 * Who may see and change an application: the members of the organisation it is for (or, before
 * one is chosen, whoever started it); the fund's managers see it through their own pages, which
 * check the round belongs to their fund. Anyone else is refused (403).
 */
@Injectable()
export class ApplicationAccess {
  constructor(
    private readonly applications: ApplicationRepository,
    private readonly organisations: OrganisationRepository,
    private readonly funds: FundQueries,
  ) {}

  async isApplicant(person: Pick<Principal, 'accountId'>, application: ApplicationRow, manager?: EntityManager): Promise<boolean> {
    if (application.organisationId) return this.organisations.isMember(application.organisationId, person.accountId, manager);
    return application.createdBy === person.accountId;
  }

  /** The application for one of its applicants (locked, with a manager, for a change). */
  async forApplicant(person: Pick<Principal, 'accountId'>, applicationId: string, manager?: EntityManager): Promise<ApplicationInRound> {
    const application = manager ? await this.applications.lock(manager, applicationId) : await this.applications.find(applicationId);
    if (!application) throw new ApplicationsException(ApplicationsErrorCode.NotFound, 'applications.notFound');
    if (!(await this.isApplicant(person, application, manager))) throw new ApplicationsException(ApplicationsErrorCode.Forbidden, 'applications.notYours');
    const round = await this.funds.roundById(application.roundId);
    return { application, round, form: roundForm(round) };
  }

  /** The application for the managers of the fund and round in the address. */
  async forManager(fundId: string, roundId: string, applicationId: string, manager?: EntityManager): Promise<ApplicationInRound> {
    const application = manager ? await this.applications.lock(manager, applicationId) : await this.applications.find(applicationId);
    const round = application && application.roundId === roundId ? await this.funds.roundById(roundId) : undefined;
    if (!application || !round || round.fundId !== fundId || application.reference === null) throw new ApplicationsException(ApplicationsErrorCode.NotFound, 'applications.notFound');
    return { application, round, form: roundForm(round) };
  }

  /**
   * Refuses a change the application's state or the round's phase does not allow: drafts and
   * submitted applications change while applications are open; one sent back for more
   * information, until its date.
   */
  assertEditable({ application, round }: ApplicationInRound, now = new Date()): void {
    const editable = editableBy(application.status, application.infoRequestedUntil, now);
    if (!editable) throw new ApplicationsException(ApplicationsErrorCode.Closed, `applications.closed.${application.status}`, [{ field: 'application', problem: `applications.closed.${application.status}` }]);
    if (editable === 'applications-phase') requirePhase(round.phases, now, 'submit-application');
  }
}
