import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEMO_APPLICATIONS_ROUND, DEMO_FUND_SLUG, FundQueries } from '@commonpurse/funds';
import { AppConfig } from '@commonpurse/kernel';
import { PanelRepository } from '../../persistence/panel.repository';
import { ConfigurePanelUseCase } from '../configure-panel/configure-panel.usecase';
import { DrawPanelUseCase } from '../draw-panel/draw-panel.usecase';
import { ManageMembersUseCase } from '../manage-members/manage-members.usecase';

/**
 * The demo round's community panel, set up by the demo facilitator: two profile questions, the
 * demo residents as volunteers, drawn with a published seed, and each member's acceptance. Its
 * review opens with the round's panel-review phase. Once, never in production.
 */
@Injectable()
export class SeedDemoPanel {
  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly funds: FundQueries,
    private readonly panels: PanelRepository,
    private readonly configure: ConfigurePanelUseCase,
    private readonly draw: DrawPanelUseCase,
    private readonly members: ManageMembersUseCase,
  ) {}

  /** `volunteers`: account ids with the answers they gave. */
  async execute(facilitatorId: string, volunteers: Array<{ accountId: string; profile: Record<string, string> }>): Promise<{ created: boolean }> {
    if (this.config.isProduction) throw new Error('Demo data is never created in production');
    const fund = await this.funds.detail(DEMO_FUND_SLUG);
    const listed = fund.rounds.find((r) => r.name === DEMO_APPLICATIONS_ROUND);
    if (!listed || (await this.panels.draw(listed.id))) return { created: false };
    await this.configure.execute({ actorId: facilitatorId, fundId: fund.id, roundId: listed.id, panelSize: volunteers.length, profileQuestions: ['age-band', 'area'], quotas: [], scoreMax: 5 });
    // Straight into the table: the demo's residents volunteered "before" the demo began.
    await this.dataSource.transaction(async (manager) => {
      for (const v of volunteers) await this.panels.saveVolunteer(manager, listed.id, v.accountId, v.profile);
    });
    await this.draw.execute({ actorId: facilitatorId, fundId: fund.id, roundId: listed.id, seed: '2027-03-01 demo draw' });
    for (const v of volunteers) await this.members.respond({ accountId: v.accountId, roundId: listed.id, status: 'accepted' });
    return { created: true };
  }
}
