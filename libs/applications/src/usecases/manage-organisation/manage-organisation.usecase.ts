import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ResidentDirectory } from '@commonpurse/identity';
import { checkOrganisation, type OrganisationProfile } from '../../domain/applicant-organisation';
import { ApplicationsErrorCode, ApplicationsException, invalid } from '../../domain/applications.exception';
import { OrganisationRepository } from '../../persistence/organisation.repository';

/**
 * The organisations residents apply for: created by a resident (who becomes its first member),
 * reused in every round, and co-edited by the members they add. Two members saving the profile
 * at once cannot overwrite each other unseen (a version number).
 */
@Injectable()
export class ManageOrganisationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organisations: OrganisationRepository,
    private readonly residents: ResidentDirectory,
  ) {}

  async create(accountId: string, input: OrganisationProfile): Promise<string> {
    const { profile, problems } = checkOrganisation(input);
    if (problems.length > 0) throw new ApplicationsException(ApplicationsErrorCode.Invalid, problems[0].problem, problems);
    return this.dataSource.transaction((manager) => this.organisations.insert(manager, profile, accountId));
  }

  async update(accountId: string, organisationId: string, seenVersion: number, input: OrganisationProfile): Promise<void> {
    const { profile, problems } = checkOrganisation(input);
    if (problems.length > 0) throw new ApplicationsException(ApplicationsErrorCode.Invalid, problems[0].problem, problems);
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.organisations.isMember(organisationId, accountId, manager))) throw new ApplicationsException(ApplicationsErrorCode.NotFound, 'applications.organisation.notFound');
      if (!(await this.organisations.update(manager, organisationId, seenVersion, profile))) throw invalid('name', 'applications.organisation.changedMeanwhile', ApplicationsErrorCode.Conflict);
    });
  }

  /** Takes a member off the organisation (or oneself: leaving), never leaving it with nobody. */
  async removeMember(accountId: string, organisationId: string, memberId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.organisations.isMember(organisationId, accountId, manager))) throw new ApplicationsException(ApplicationsErrorCode.NotFound, 'applications.organisation.notFound');
      await this.organisations.lock(manager, organisationId);
      const members = await this.organisations.members(organisationId, manager);
      if (!members.includes(memberId)) throw invalid('member', 'applications.organisation.notAMember', ApplicationsErrorCode.NotFound);
      if (members.length === 1) throw invalid('member', 'applications.organisation.lastMember');
      await this.organisations.removeMember(manager, organisationId, memberId);
    });
  }

  /** Adds a co-editor by the email of their account (confirmed accounts only). */
  async addMember(accountId: string, organisationId: string, email: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.organisations.isMember(organisationId, accountId, manager))) throw new ApplicationsException(ApplicationsErrorCode.NotFound, 'applications.organisation.notFound');
      const person = await this.residents.byEmail(email, manager);
      if (!person) throw invalid('email', 'applications.organisation.memberNotFound', ApplicationsErrorCode.NotFound);
      await this.organisations.addMember(manager, organisationId, person.accountId, accountId);
    });
  }
}
