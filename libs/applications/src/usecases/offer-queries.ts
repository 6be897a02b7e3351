import { Injectable } from '@nestjs/common';
import { FundQueries } from '@commonpurse/funds';
import { ResidentDirectory } from '@commonpurse/identity';
import type { Language, Principal } from '@commonpurse/kernel';
import { LedgerQueries, type AwardStanding, type GrantOfferText, type OfferWording } from '@commonpurse/ledger';
import { ApplicationsErrorCode, ApplicationsException } from '../domain/applications.exception';
import type { ApplicationRow } from '../persistence/application.repository';
import type { OrganisationRow } from '../persistence/organisation.repository';
import { ApplicationQueries, type ApplicationView } from './application-queries';

export interface OfferView {
  view: ApplicationView;
  award: AwardStanding;
  /** The offer as the applicant reads it, in their language: what they accept (its hash goes with the form). */
  offer: GrantOfferText;
  organisationName: string;
  acceptance: { name: string; acceptedAt: Date; conditionsSha256: string } | null;
}

/** The grant offer of an awarded application, for the members of the organisation it is to. */
@Injectable()
export class OfferQueries {
  constructor(
    private readonly queries: ApplicationQueries,
    private readonly ledger: LedgerQueries,
    private readonly funds: FundQueries,
    private readonly residents: ResidentDirectory,
  ) {}

  /** The application's award, if it has one (the caller has checked who is asking). */
  awardOf(applicationId: string): Promise<AwardStanding | undefined> {
    return this.ledger.awardOfApplication(applicationId);
  }

  async forApplicant(person: Principal, applicationId: string, language: Language): Promise<OfferView> {
    const view = await this.queries.forApplicant(person, applicationId);
    const award = await this.ledger.awardOfApplication(applicationId);
    if (!award) throw new ApplicationsException(ApplicationsErrorCode.NotFound, 'applications.offer.none');
    const wording = await this.wording(view.application, view.organisation, award.fundId);
    const accepter = award.acceptance ? (await this.residents.byIds([award.acceptance.acceptedBy]))[0] : undefined;
    return {
      view,
      award,
      offer: this.ledger.offer(award, wording, language),
      organisationName: wording.organisationName,
      acceptance: award.acceptance ? { name: accepter?.name ?? '', acceptedAt: award.acceptance.acceptedAt, conditionsSha256: award.acceptance.conditionsSha256 } : null,
    };
  }

  /**
   * What the offer names from outside the ledger: the organisation as it is now (the party to the
   * agreement), the project's title and the names of the fund's funders.
   */
  async wording(application: ApplicationRow, organisation: Pick<OrganisationRow, 'name'> | null, fundId: string): Promise<OfferWording> {
    const funders = await this.funds.funders(fundId);
    return { organisationName: organisation?.name ?? '', projectTitle: application.title ?? '', funders: funders.map((f) => ({ organisationId: f.id, name: f.name })) };
  }
}
