import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { LANGUAGES } from '@commonpurse/kernel';
import type { OfferWording } from '../../domain/grant-offer';
import { LedgerException, LedgerRefusal } from '../../domain/ledger.exception';
import { LedgerRepository, type AcceptanceRow } from '../../persistence/ledger.repository';
import { awardStanding, offerOf } from '../ledger-queries';

export interface AcceptAwardCommand {
  actorId: string;
  awardId: string;
  wording: OfferWording;
  /** The SHA-256 of the offer text the grantee was shown (GrantOfferText.sha256), in English or Welsh. */
  offerSha256: string;
}

/**
 * The grantee's acceptance of an award's offer and its conditions, once. Runs in the caller's
 * transaction: the caller (libs/applications) has checked, with the application locked, that the
 * person acts for the organisation the award is to. What is accepted is the offer as it reads
 * now, under the fund's lock: if it no longer matches the text the person was shown (a schedule
 * set in between), nothing is recorded and they are asked to read it again. Audited.
 */
@Injectable()
export class AcceptAwardUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(manager: EntityManager, command: AcceptAwardCommand): Promise<AcceptanceRow> {
    const found = await this.ledger.award(command.awardId, manager);
    if (!found) throw new LedgerException(LedgerRefusal.NotFound, 'award', 'ledger.award.notFound');
    await this.ledger.lockFund(manager, found.fundId);
    const commitment = await this.ledger.commitment(found.id, manager);
    if (!commitment || commitment.withdrawn) throw new LedgerException(LedgerRefusal.Conflict, 'offer', 'ledger.award.withdrawn');
    if ((await this.ledger.acceptances([found.id], manager)).length > 0) throw new LedgerException(LedgerRefusal.Conflict, 'offer', 'ledger.offer.alreadyAccepted');
    const [balances, tranches] = await Promise.all([this.ledger.balances(found.fundId, undefined, manager), this.ledger.tranches([found.id], manager)]);
    const award = awardStanding(found, balances, false, tranches, [], []);
    const shown = LANGUAGES.map((language) => offerOf(award, command.wording, language)).find((offer) => offer.sha256 === command.offerSha256);
    if (!shown) throw new LedgerException(LedgerRefusal.Conflict, 'offer', 'ledger.offer.changed');
    const acceptance = await this.ledger.insertAcceptance(manager, { awardId: found.id, acceptedBy: command.actorId, conditionsSha256: shown.sha256, conditionsVersion: shown.conditionsVersion, language: shown.language });
    await this.audit.record(manager, {
      actorId: command.actorId,
      action: 'ledger.accept-award',
      entityType: 'award',
      entityId: found.id,
      before: null,
      after: { conditionsSha256: shown.sha256, conditionsVersion: shown.conditionsVersion, language: shown.language, amountPence: found.amountPence, tranches: award.tranches.map(({ seq, amountPence, dueOn }) => ({ seq, amountPence, dueOn })) },
    });
    return acceptance;
  }
}
