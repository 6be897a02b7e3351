import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
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
 * one is chosen, whoever started it); anyone else is refused (403). The fund's managers reach it
 * through their own pages, which check that the round is their fund's.
 *
 * A change runs in a transaction with the application's row locked. Everything read from other
 * modules (the round) is read first, outside it: a transaction that held a lock while waiting for
 * a second connection from the pool could, with enough of them at once, wait for ever.
 */
@Injectable()
export class ApplicationAccess {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationRepository,
    private readonly organisations: OrganisationRepository,
    private readonly funds: FundQueries,
  ) {}

  async isApplicant(person: Pick<Principal, 'accountId'>, application: ApplicationRow, manager?: EntityManager): Promise<boolean> {
    if (application.organisationId) return this.organisations.isMember(application.organisationId, person.accountId, manager);
    return application.createdBy === person.accountId;
  }

  /** The application, for reading by one of its applicants. */
  async forApplicant(person: Pick<Principal, 'accountId'>, applicationId: string): Promise<ApplicationInRound> {
    const found = await this.read(applicationId);
    if (!(await this.isApplicant(person, found.application))) throw new ApplicationsException(ApplicationsErrorCode.Forbidden, 'applications.notYours');
    return found;
  }

  /** The application, for reading by the managers of the fund and round in the address. */
  async forManager(fundId: string, roundId: string, applicationId: string): Promise<ApplicationInRound> {
    const found = await this.read(applicationId);
    if (found.application.roundId !== roundId || found.round.fundId !== fundId || found.application.reference === null) throw new ApplicationsException(ApplicationsErrorCode.NotFound, 'applications.notFound');
    return found;
  }

  /** An eligible application of the round, for its community panel (which checks who sits on it). */
  async forPanel(roundId: string, applicationId: string): Promise<ApplicationInRound> {
    const found = await this.read(applicationId);
    if (found.application.roundId !== roundId || found.application.status !== 'eligible') throw new ApplicationsException(ApplicationsErrorCode.NotFound, 'applications.notFound');
    return found;
  }

  /** A change by one of its applicants, with the application locked. */
  async changeAsApplicant<T>(person: Pick<Principal, 'accountId'>, applicationId: string, work: (found: ApplicationInRound, manager: EntityManager) => Promise<T>): Promise<T> {
    const { round } = await this.read(applicationId);
    return this.dataSource.transaction(async (manager) => {
      const application = (await this.applications.lock(manager, applicationId))!;
      if (!(await this.isApplicant(person, application, manager))) throw new ApplicationsException(ApplicationsErrorCode.Forbidden, 'applications.notYours');
      return work({ application, round, form: roundForm(round) }, manager);
    });
  }

  /** A change by the managers of the fund and round in the address, with the application locked. */
  async changeAsManager<T>(fundId: string, roundId: string, applicationId: string, work: (found: ApplicationInRound, manager: EntityManager) => Promise<T>): Promise<T> {
    const { round } = await this.forManager(fundId, roundId, applicationId);
    return this.dataSource.transaction(async (manager) => {
      const application = (await this.applications.lock(manager, applicationId))!;
      return work({ application, round, form: roundForm(round) }, manager);
    });
  }

  /**
   * Refuses a change the application's state or the round's phase does not allow: drafts and
   * submitted applications (screened ones too, which go back to be screened again) change while
   * applications are open; one sent back for more information, until its date and while screening
   * still goes on.
   */
  assertEditable({ application, round }: ApplicationInRound, now = new Date()): void {
    const editable = editableBy(application.status, application.infoRequestedUntil, now);
    if (!editable) throw new ApplicationsException(ApplicationsErrorCode.Closed, `applications.closed.${application.status}`, [{ field: 'application', problem: `applications.closed.${application.status}` }]);
    requirePhase(round.phases, now, editable === 'applications-phase' ? 'submit-application' : 'screen-application');
  }

  private async read(applicationId: string): Promise<ApplicationInRound> {
    const application = await this.applications.find(applicationId);
    if (!application) throw new ApplicationsException(ApplicationsErrorCode.NotFound, 'applications.notFound');
    const round = await this.funds.roundById(application.roundId);
    return { application, round, form: roundForm(round) };
  }
}
