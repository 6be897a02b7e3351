import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@commonpurse/kernel';
import { FundRepository } from '../../persistence/fund.repository';
import { CreateFundUseCase } from '../create-fund/create-fund.usecase';
import { CreateRoundUseCase } from '../create-round/create-round.usecase';
import { RecordContributionUseCase } from '../record-contribution/record-contribution.usecase';

export const DEMO_FUND_SLUG = 'bristol-neighbourhood-fund';

/** A demo fund pooled by two funders with a round in co-design, managed by the demo fund manager; created once, never in production. */
@Injectable()
export class SeedDemoFund {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundRepository,
    private readonly createFund: CreateFundUseCase,
    private readonly recordContribution: RecordContributionUseCase,
    private readonly createRound: CreateRoundUseCase,
    private readonly config: AppConfig,
  ) {}

  async execute(manager: { accountId: string; email: string }): Promise<{ created: boolean; slug: string }> {
    if (this.config.isProduction) throw new Error('Demo data is never created in production');
    if (await this.funds.findBySlugOrId(DEMO_FUND_SLUG)) return { created: false, slug: DEMO_FUND_SLUG };
    const fund = await this.createFund.execute({
      actor: manager,
      name: 'Bristol Neighbourhood Fund',
      purpose: 'Grants of £500 to £5,000 for community groups that bring neighbours together. Residents decide the priorities, a panel of residents reads every application, and residents vote. (Demonstration data.)',
      areas: [
        { kind: 'postcode_district', code: 'BS2', name: null },
        { kind: 'postcode_district', code: 'BS5', name: null },
        { kind: 'postcode_district', code: 'BS6', name: null },
      ],
    });
    await this.recordContribution.execute({ actorId: manager.accountId, fundId: fund.id, organisationIdentifier: 'GB-LAE-BST', organisationName: 'Bristol City Council', amountPence: 60_000_00, receivedOn: '2026-04-01', condition: null });
    await this.recordContribution.execute({ actorId: manager.accountId, fundId: fund.id, organisationIdentifier: '360G-commonpurse-demo-harbourside-trust', organisationName: 'Harbourside Community Trust (demonstration)', amountPence: 15_000_00, receivedOn: '2026-04-15', condition: 'Only for projects led by or for young people' });
    // A round whose co-design opened yesterday, dated from the day the demo is created.
    const day = (n: number) => new Date(Date.now() + n * 86_400_000);
    await this.createRound.execute({
      actorId: manager.accountId,
      fundId: fund.id,
      name: 'Neighbours Together 2027',
      budgetPence: 50_000_00,
      grantMinPence: 500_00,
      grantMaxPence: 5_000_00,
      phases: [
        { phase: 'co-design', enabled: true, opensAt: day(-1), closesAt: day(30) },
        { phase: 'applications', enabled: true, opensAt: day(30), closesAt: day(60) },
        { phase: 'screening', enabled: true, opensAt: day(60), closesAt: day(67) },
        { phase: 'panel-review', enabled: true, opensAt: day(67), closesAt: day(81) },
        { phase: 'public-vote', enabled: true, opensAt: day(81), closesAt: day(95) },
        { phase: 'results', enabled: true, opensAt: day(95), closesAt: day(97) },
        { phase: 'awards', enabled: true, opensAt: day(97), closesAt: day(462) },
      ],
    });
    return { created: true, slug: DEMO_FUND_SLUG };
  }
}
