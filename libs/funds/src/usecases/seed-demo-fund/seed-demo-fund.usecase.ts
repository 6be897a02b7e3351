import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@commonpurse/kernel';
import { startOfUkDay, ukDay } from '../../domain/calendar-date';
import { CoDesignRepository } from '../../persistence/codesign.repository';
import { FundRepository } from '../../persistence/fund.repository';
import { RoundRepository } from '../../persistence/round.repository';
import { CreateFundUseCase } from '../create-fund/create-fund.usecase';
import { CreateRoundUseCase } from '../create-round/create-round.usecase';
import { RecordContributionUseCase } from '../record-contribution/record-contribution.usecase';

export const DEMO_FUND_SLUG = 'bristol-neighbourhood-fund';
export const DEMO_APPLICATIONS_ROUND = 'Small Grants Spring 2027';
/** A round the panel decides alone, whose awards are already made: what the books and the 360Giving file show. */
export const DEMO_AWARDS_ROUND = 'Warm Winter Grants 2026';
/** Demonstration only: a real council publishes under the prefix 360Giving registered for it. */
const DEMO_GRANT_PREFIX = '360G-commonpurse-demo';

/** Residents' priorities in the demo round: title, why it matters, who it helps, and how many dots each resident put on it. */
const DEMO_PRIORITIES = [
  { title: 'Warm spaces for older neighbours in winter', description: 'Many older people on our streets sit alone in cold homes from November to March. Community centres could open their doors with a hot drink and company.', whoItHelps: 'Older people living alone', dots: [2, 1, 1] },
  { title: 'Things for teenagers to do after school', description: 'There is nowhere for young people to go between school and tea. Youth clubs, sports and music would keep them busy and safe.', whoItHelps: 'Young people aged 11 to 18', dots: [1, 2, 0] },
  { title: 'Youth activities in the evenings', description: 'Evening clubs for teenagers, run by people who know the area.', whoItHelps: 'Teenagers', dots: [0, 0, 1] },
  { title: 'Greener, cleaner streets', description: 'Street trees, planters and regular litter picks, so the places we walk every day feel cared for.', whoItHelps: null, dots: [1, 0, 2] },
  { title: 'Help with food costs', description: 'Community fridges, cooking clubs and food sharing, so no family goes hungry at the end of the month.', whoItHelps: 'Families on low incomes', dots: [0, 1, 1] },
];

/**
 * A demo fund pooled by two funders with a round in co-design (with residents' priorities), one
 * taking applications and one the panel decides alone, managed by the demo fund manager; the lead
 * funder has a (demonstration) 360Giving prefix. Created once, never in production.
 */
@Injectable()
export class SeedDemoFund {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundRepository,
    private readonly codesign: CoDesignRepository,
    private readonly rounds: RoundRepository,
    private readonly createFund: CreateFundUseCase,
    private readonly recordContribution: RecordContributionUseCase,
    private readonly createRound: CreateRoundUseCase,
    private readonly config: AppConfig,
  ) {}

  /** `residents` (account ids) propose and endorse the demo priorities; with none, the board starts empty. */
  async execute(manager: { accountId: string; email: string }, residents: string[] = []): Promise<{ created: boolean; slug: string }> {
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
    // A round whose co-design opened yesterday, dated from the day the demo is created; phases turn at UK midnight.
    const day = (n: number) => startOfUkDay(ukDay(new Date(Date.now() + n * 86_400_000)));
    const round = await this.createRound.execute({
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
    if (residents.length > 0) await this.seedCoDesign(round.id, manager.accountId, residents);
    // Two more rounds, taking applications since ten days ago; a panel decides them (no public vote).
    const takingApplications = [
      { phase: 'applications' as const, enabled: true, opensAt: day(-10), closesAt: day(20) },
      { phase: 'screening' as const, enabled: true, opensAt: day(20), closesAt: day(27) },
      { phase: 'panel-review' as const, enabled: true, opensAt: day(27), closesAt: day(41) },
      { phase: 'results' as const, enabled: true, opensAt: day(41), closesAt: day(43) },
      { phase: 'awards' as const, enabled: true, opensAt: day(43), closesAt: day(408) },
    ];
    // The second, with a panel drawn (the applications module fills it with some applications).
    const small = await this.createRound.execute({
      actorId: manager.accountId,
      fundId: fund.id,
      name: DEMO_APPLICATIONS_ROUND,
      budgetPence: 20_000_00,
      grantMinPence: 250_00,
      grantMaxPence: 2_000_00,
      phases: takingApplications,
    });
    // A third, small round; the demo's panel will decide it and its awards.
    await this.createRound.execute({
      actorId: manager.accountId,
      fundId: fund.id,
      name: DEMO_AWARDS_ROUND,
      budgetPence: 5_000_00,
      grantMinPence: 250_00,
      grantMaxPence: 2_500_00,
      phases: takingApplications,
    });
    await this.dataSource.transaction(async (m) => {
      const [council] = await this.funds.funders(fund.id, m);
      await this.funds.setGrantPrefix(m, council!.id, DEMO_GRANT_PREFIX);
      await this.rounds.insertQuestion(m, small.id, { type: 'yes-no', label: 'Is your group run by volunteers?', hint: null, required: true, wordLimit: null, options: [] });
      await this.rounds.insertQuestion(m, small.id, { type: 'long-text', label: 'Who will take part, and how will you reach them?', hint: 'Tell us about people who do not usually take part', required: true, wordLimit: 150, options: [] });
    });
    return { created: true, slug: DEMO_FUND_SLUG };
  }

  /** Straight into the tables: the demo's residents took part "before" the demo began. */
  private async seedCoDesign(roundId: string, managerId: string, residents: string[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const ids: string[] = [];
      for (const [i, p] of DEMO_PRIORITIES.entries()) {
        const id = await this.codesign.insertPriority(manager, { roundId, authorId: residents[i % residents.length], title: p.title, description: p.description, whoItHelps: p.whoItHelps });
        ids.push(id);
        for (const [r, dots] of p.dots.entries()) for (let d = 0; d < dots && r < residents.length; d++) await this.codesign.insertDot(manager, roundId, id, residents[r]);
      }
      await this.codesign.insertComment(manager, { priorityId: ids[0], authorId: residents[residents.length - 1], byFundManager: false, body: 'The library on Stapleton Road already does this on Tuesdays. It is always full.' });
      await this.codesign.insertComment(manager, { priorityId: ids[1], authorId: managerId, byFundManager: true, body: 'Thank you. We will look at this together with the similar idea about evening youth activities.' });
      await this.codesign.insertPoll(manager, { roundId, question: 'What should the largest grant be?', options: ['£2,500', '£5,000', '£10,000'], createdBy: managerId });
    });
  }
}
