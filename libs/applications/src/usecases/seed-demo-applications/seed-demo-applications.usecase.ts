import { Injectable } from '@nestjs/common';
import { DEMO_APPLICATIONS_ROUND, DEMO_AWARDS_ROUND, DEMO_FUND_SLUG, FundQueries } from '@commonpurse/funds';
import { AppConfig, type Principal } from '@commonpurse/kernel';
import type { Decision } from '../../domain/application-status';
import { ApplicationRepository } from '../../persistence/application.repository';
import { ManageOrganisationUseCase } from '../manage-organisation/manage-organisation.usecase';
import { SaveSectionUseCase } from '../save-section/save-section.usecase';
import { ScreenApplicationUseCase } from '../screen-application/screen-application.usecase';
import { StartApplicationUseCase } from '../start-application/start-application.usecase';
import { SubmitApplicationUseCase } from '../submit-application/submit-application.usecase';
import { WithdrawApplicationUseCase } from '../withdraw-application/withdraw-application.usecase';

type Outcome = 'draft' | 'submitted' | Decision | 'withdrawn';

/** The demo applications: what each project is and where it has got to. */
const DEMO: Array<{ organisation: 0 | 1; title: string; summary: string; amountPence: number; lines: Array<[string, number]>; outcome: Outcome; reason?: string }> = [
  { organisation: 0, title: 'Tuesday lunch club', summary: 'A hot meal and company for older neighbours every Tuesday.', amountPence: 1_800_00, lines: [['Food', 1_200_00], ['Hall hire', 600_00]], outcome: 'eligible', reason: 'Meets every rule of the round.' },
  { organisation: 0, title: 'Cooking on a budget', summary: 'Six evening classes for families: good food for less.', amountPence: 950_00, lines: [['Ingredients', 450_00], ['Tutor', 500_00]], outcome: 'needs-info', reason: 'Please tell us where the classes will be held, and send a quote for the tutor.' },
  { organisation: 0, title: 'Community fridge', summary: 'A fridge where shops and neighbours leave food others can take.', amountPence: 1_500_00, lines: [['Fridge', 900_00], ['Electricity for a year', 600_00]], outcome: 'submitted' },
  { organisation: 1, title: 'Grow your own at St Marks', summary: 'Teenagers build and tend raised beds on the church green.', amountPence: 2_000_00, lines: [['Timber', 800_00], ['Soil and seeds', 700_00], ['Tools', 500_00]], outcome: 'eligible', reason: 'Meets every rule of the round.' },
  { organisation: 1, title: 'Summer trip to the coast', summary: 'A day at the seaside for forty young gardeners.', amountPence: 1_950_00, lines: [['Coach', 1_950_00]], outcome: 'ineligible', reason: 'Day trips are outside this round’s criteria: it funds activities in the area.' },
  { organisation: 1, title: 'Bee hotel workshop', summary: 'A weekend building homes for solitary bees.', amountPence: 400_00, lines: [['Materials', 400_00]], outcome: 'submitted' },
  { organisation: 1, title: 'Seed library', summary: 'A shelf of free seeds at the library, swapped each season.', amountPence: 300_00, lines: [['Shelving', 150_00], ['First seeds', 150_00]], outcome: 'withdrawn' },
  { organisation: 0, title: 'Winter coat swap', summary: '', amountPence: 0, lines: [], outcome: 'draft' },
];

/** The demo round the panel decides alone: two eligible applications, which the demo panel awards. */
const DEMO_AWARDED: Array<{ organisation: 0 | 1; title: string; summary: string; amountPence: number; lines: Array<[string, number]> }> = [
  { organisation: 0, title: 'Warm welcome mornings', summary: 'A warm room, hot breakfast and company three mornings a week through the winter.', amountPence: 2_000_00, lines: [['Heating and hall hire', 1_200_00], ['Breakfasts', 800_00]] },
  { organisation: 1, title: 'Draught-proofing with neighbours', summary: 'Young gardeners and volunteers fit draught excluders for older neighbours.', amountPence: 1_500_00, lines: [['Materials', 1_100_00], ['Tools', 400_00]] },
];

/**
 * The demo rounds taking applications, filled with a few applications in every state, and the
 * panel-only round's two eligible applications; once, never in production.
 */
@Injectable()
export class SeedDemoApplications {
  constructor(
    private readonly config: AppConfig,
    private readonly funds: FundQueries,
    private readonly applications: ApplicationRepository,
    private readonly organisations: ManageOrganisationUseCase,
    private readonly start: StartApplicationUseCase,
    private readonly save: SaveSectionUseCase,
    private readonly submit: SubmitApplicationUseCase,
    private readonly screen: ScreenApplicationUseCase,
    private readonly withdraw: WithdrawApplicationUseCase,
  ) {}

  async execute(applicant: Principal, managerId: string): Promise<{ created: number }> {
    if (this.config.isProduction) throw new Error('Demo data is never created in production');
    const fund = await this.funds.detail(DEMO_FUND_SLUG);
    const listed = fund.rounds.find((r) => r.name === DEMO_APPLICATIONS_ROUND);
    if (!listed) return { created: 0 };
    const round = await this.funds.round(fund.id, listed.id);
    if ((await this.applications.createdBy(applicant.accountId)).some((a) => a.roundId === round.id)) return { created: 0 };

    const contact = { contactName: applicant.displayName, contactEmail: applicant.email, contactPhone: null, addressLine2: null, town: 'Bristol' };
    const orgs = [
      await this.organisations.create(applicant.accountId, { name: 'Stapleton Road Community Kitchen', type: 'charity', registrationNumber: '1187654', addressLine1: '120 Stapleton Road', postcode: 'BS5 0PR', ...contact }),
      await this.organisations.create(applicant.accountId, { name: 'Easton Young Gardeners', type: 'unregistered-group', registrationNumber: null, addressLine1: 'St Marks Church Hall, St Marks Road', postcode: 'BS5 6JH', ...contact }),
    ];
    const [volunteers, reach] = round.questions.map((q) => q.id);
    for (const demo of DEMO) {
      const id = await this.start.execute(applicant, fund.id, round.id);
      const command = (complete = true) => ({ person: applicant, applicationId: id, version: 0, complete });
      await this.save.organisation(command(), orgs[demo.organisation]);
      if (demo.outcome === 'draft') {
        await this.save.project(command(false), { title: demo.title, summary: demo.summary, description: '', startOn: null, endOn: null });
        continue;
      }
      await this.save.project(command(), { title: demo.title, summary: demo.summary, description: `${demo.summary} (Demonstration data.)`, startOn: '2027-06-01', endOn: '2027-12-31' });
      await this.save.where(command(), { areaCode: 'BS5', lotId: null, criterionIds: [] });
      await this.save.budget(command(), { amountPence: demo.amountPence, lines: demo.lines.map(([item, amountPence]) => ({ item, amountPence, otherFundingPence: null })) });
      await this.save.questions(command(), { [volunteers]: 'yes', [reach]: 'Through the school gate, the mosque and the community notice boards.' });
      await this.save.documents(command());
      await this.submit.execute({ person: applicant, applicationId: id, declaration: true });
      if (demo.outcome === 'withdrawn') await this.withdraw.execute({ person: applicant, applicationId: id });
      else if (demo.outcome !== 'submitted') {
        await this.screen.execute({
          actorId: managerId,
          fundId: fund.id,
          roundId: round.id,
          applicationId: id,
          decision: demo.outcome,
          reason: demo.reason!,
          infoUntil: demo.outcome === 'needs-info' ? new Date(Date.now() + 14 * 86_400_000) : null,
        });
      }
    }
    const awards = fund.rounds.find((r) => r.name === DEMO_AWARDS_ROUND);
    if (awards) {
      for (const demo of DEMO_AWARDED) {
        const id = await this.start.execute(applicant, fund.id, awards.id);
        const command = () => ({ person: applicant, applicationId: id, version: 0, complete: true });
        await this.save.organisation(command(), orgs[demo.organisation]);
        await this.save.project(command(), { title: demo.title, summary: demo.summary, description: `${demo.summary} (Demonstration data.)`, startOn: '2026-12-01', endOn: '2027-03-31' });
        await this.save.where(command(), { areaCode: 'BS5', lotId: null, criterionIds: [] });
        await this.save.budget(command(), { amountPence: demo.amountPence, lines: demo.lines.map(([item, amountPence]) => ({ item, amountPence, otherFundingPence: null })) });
        await this.save.documents(command());
        await this.submit.execute({ person: applicant, applicationId: id, declaration: true });
        await this.screen.execute({ actorId: managerId, fundId: fund.id, roundId: awards.id, applicationId: id, decision: 'eligible', reason: 'Meets every rule of the round.', infoUntil: null });
      }
    }
    return { created: DEMO.length + (awards ? DEMO_AWARDED.length : 0) };
  }
}
