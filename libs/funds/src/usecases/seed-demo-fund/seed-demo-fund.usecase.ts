import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@commonpurse/kernel';
import { FundRepository } from '../../persistence/fund.repository';
import { CreateFundUseCase } from '../create-fund/create-fund.usecase';
import { RecordContributionUseCase } from '../record-contribution/record-contribution.usecase';

export const DEMO_FUND_SLUG = 'bristol-neighbourhood-fund';

/** A demo fund pooled by two funders, managed by the demo fund manager; created once, never in production. */
@Injectable()
export class SeedDemoFund {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundRepository,
    private readonly createFund: CreateFundUseCase,
    private readonly recordContribution: RecordContributionUseCase,
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
    return { created: true, slug: DEMO_FUND_SLUG };
  }
}
