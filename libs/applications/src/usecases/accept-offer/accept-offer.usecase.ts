import { Injectable } from '@nestjs/common';
import type { Principal } from '@commonpurse/kernel';
import { AcceptAwardUseCase, LedgerQueries, type AcceptanceRow } from '@commonpurse/ledger';
import { ApplicationsErrorCode, ApplicationsException, invalid } from '../../domain/applications.exception';
import { OrganisationRepository } from '../../persistence/organisation.repository';
import { ApplicationAccess } from '../application-access';
import { OfferQueries } from '../offer-queries';

export interface AcceptOfferCommand {
  person: Pick<Principal, 'accountId'>;
  applicationId: string;
  /** The box "I accept this offer and its conditions on behalf of …" was ticked. */
  accept: boolean;
  /** The SHA-256 of the offer text the person was shown. */
  offerSha256: string;
}

/**
 * A member of the applicant organisation accepts the grant offer on its behalf. Who may is decided
 * here, with the application locked, in the same transaction as the ledger records the acceptance;
 * what the offer names from other modules is read before it (see ApplicationAccess).
 */
@Injectable()
export class AcceptOfferUseCase {
  constructor(
    private readonly access: ApplicationAccess,
    private readonly organisations: OrganisationRepository,
    private readonly offers: OfferQueries,
    private readonly ledger: LedgerQueries,
    private readonly acceptAward: AcceptAwardUseCase,
  ) {}

  async execute(command: AcceptOfferCommand): Promise<AcceptanceRow> {
    const { application } = await this.access.forApplicant(command.person, command.applicationId);
    const award = await this.ledger.awardOfApplication(application.id);
    if (!award) throw new ApplicationsException(ApplicationsErrorCode.NotFound, 'applications.offer.none');
    if (!command.accept) throw invalid('accept', 'applications.offer.acceptRequired');
    const organisation = application.organisationId ? await this.organisations.find(application.organisationId) : undefined;
    const wording = await this.offers.wording(application, organisation ?? null, award.fundId);
    return this.access.changeAsApplicant(command.person, application.id, (_found, manager) =>
      this.acceptAward.execute(manager, { actorId: command.person.accountId, awardId: award.id, wording, offerSha256: command.offerSha256 }),
    );
  }
}
