import { Injectable } from '@nestjs/common';
import { AcceptOfferUseCase, ApplicationQueries, OfferQueries } from '@commonpurse/applications';
import { AdvancePhaseUseCase, DEMO_AWARDS_ROUND, DEMO_FUND_SLUG, FundQueries } from '@commonpurse/funds';
import { AppConfig, type Principal } from '@commonpurse/kernel';
import { LedgerQueries, RecordPaymentUseCase } from '@commonpurse/ledger';
import { DecideApplicationUseCase } from '../decide-application/decide-application.usecase';

/**
 * The demo's panel-only round, decided: taken on to panel review, both its eligible applications
 * awarded by the demo facilitator (so the ledger commits them), the first award's offer accepted
 * by the demo applicant (as they would on its offer page) and then part paid by the demo fund
 * manager. What the books, the verification report and the 360Giving file show.
 * Once, never in production.
 */
@Injectable()
export class SeedDemoAwards {
  constructor(
    private readonly config: AppConfig,
    private readonly funds: FundQueries,
    private readonly applications: ApplicationQueries,
    private readonly advance: AdvancePhaseUseCase,
    private readonly decide: DecideApplicationUseCase,
    private readonly ledger: LedgerQueries,
    private readonly payments: RecordPaymentUseCase,
    private readonly offers: OfferQueries,
    private readonly acceptOffer: AcceptOfferUseCase,
  ) {}

  async execute(facilitatorId: string, managerId: string, applicant: Principal): Promise<{ created: boolean }> {
    if (this.config.isProduction) throw new Error('Demo data is never created in production');
    const fund = await this.funds.detail(DEMO_FUND_SLUG);
    const round = fund.rounds.find((r) => r.name === DEMO_AWARDS_ROUND);
    if (!round || round.now.state !== 'open' || round.now.phase !== 'applications') return { created: false };
    for (const from of ['applications', 'screening'] as const) await this.advance.execute({ actorId: managerId, fundId: fund.id, roundId: round.id, expectedFrom: from });
    for (const application of await this.applications.eligible(round.id)) {
      await this.decide.execute({ actorId: facilitatorId, fundId: fund.id, roundId: round.id, applicationId: application.id, outcome: 'award', rationale: 'The panel found a clear need this winter and a group able to deliver it.' });
    }
    const [first] = (await this.ledger.awards(fund.id)).filter((a) => a.roundId === round.id);
    if (first) {
      const { offer } = await this.offers.forApplicant(applicant, first.applicationId, applicant.language);
      await this.acceptOffer.execute({ person: applicant, applicationId: first.applicationId, accept: true, offerSha256: offer.sha256 });
      await this.payments.execute({ actorId: managerId, fundId: fund.id, awardId: first.id, amountPence: Math.floor(first.amountPence / 2), paidOn: new Date().toISOString().slice(0, 10), reference: 'DEMO-BACS-0001' });
    }
    return { created: true };
  }
}
