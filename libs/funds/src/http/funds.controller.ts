import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { hasPermission } from '@commonpurse/identity';
import { CurrentPrincipal, Page, Permission, PublicRoute, Redirect, RequirePermission, attempt, validateForm, type Principal } from '@commonpurse/kernel';
import { parseDayMonthYear } from '../domain/calendar-date';
import { parseAreas } from '../domain/fund-area';
import { parsePounds } from '../domain/money';
import { CreateFundUseCase } from '../usecases/create-fund/create-fund.usecase';
import { FundQueries } from '../usecases/fund-queries';
import { RecordContributionUseCase } from '../usecases/record-contribution/record-contribution.usecase';
import { ContributionForm, CreateFundForm } from './dto/forms';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

@ApiExcludeController()
@Controller()
export class FundsController {
  constructor(
    private readonly queries: FundQueries,
    private readonly createFund: CreateFundUseCase,
    private readonly recordContribution: RecordContributionUseCase,
  ) {}

  @Get('funds')
  @PublicRoute()
  async list(@CurrentPrincipal() principal?: Principal): Promise<Page> {
    return new Page('funds/list', { funds: await this.queries.list(), canCreate: !!principal && hasPermission(principal, Permission.FundsCreate) });
  }

  @Get('funds/:slug')
  @PublicRoute()
  async show(@Param('slug') slug: string, @CurrentPrincipal() principal?: Principal): Promise<Page> {
    const fund = await this.queries.detail(slug);
    const canManage = !!principal && hasPermission(principal, Permission.FundsManage, { type: 'fund', id: fund.id });
    return new Page('funds/fund', { fund, canManage });
  }

  @Get('funds/:slug/rounds/:round')
  @PublicRoute()
  async showRound(@Param('slug') slug: string, @Param('round') round: string): Promise<Page> {
    return new Page('funds/round', { round: await this.queries.round(slug, round) });
  }

  @Get('manage/funds/new')
  @RequirePermission(Permission.FundsCreate)
  showCreate(): Page {
    return new Page('funds/manage-new', { values: {} });
  }

  @Post('manage/funds')
  @RequirePermission(Permission.FundsCreate)
  async submitCreate(@CurrentPrincipal() principal: Principal, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const { form, problems } = validateForm(CreateFundForm, body);
    const areas = parseAreas(text(form.wards), text(form.postcodeDistricts));
    if (!areas.ok) problems.push({ field: areas.field === 'areas' ? 'wards' : areas.field, problem: areas.problem });
    if (problems.length > 0 || !areas.ok) return new Page('funds/manage-new', { values: form, problems }, 400);
    const result = await attempt(() => this.createFund.execute({ actor: { accountId: principal.accountId, email: principal.email }, name: form.name, purpose: form.purpose, areas: areas.areas }), 'name');
    if (!result.ok) return new Page('funds/manage-new', { values: form, problems: result.problems }, 400);
    return new Redirect(`/manage/funds/${result.value.id}`);
  }

  @Get('manage/funds/:fundId')
  @RequirePermission(Permission.FundsManage, { type: 'fund', param: 'fundId' })
  async manage(@Param('fundId', new ParseUUIDPipe()) fundId: string): Promise<Page> {
    return new Page('funds/manage-fund', { fund: await this.queries.detail(fundId), values: {} });
  }

  @Post('manage/funds/:fundId/contributions')
  @RequirePermission(Permission.FundsManage, { type: 'fund', param: 'fundId' })
  async submitContribution(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const { form, problems } = validateForm(ContributionForm, body);
    const values = { ...form, day: text(body['receivedOn-day']), month: text(body['receivedOn-month']), year: text(body['receivedOn-year']) };
    const amount = form.amount ? parsePounds(form.amount) : undefined;
    if (amount && !amount.ok) problems.push({ field: 'amount', problem: `funds.contribution.amountProblem.${amount.problem}` });
    const date = parseDayMonthYear(values.day, values.month, values.year);
    if (!date.ok) problems.push({ field: 'receivedOn', problem: `funds.contribution.dateProblem.${date.problem}` });
    const failed = (found: typeof problems) => this.queries.detail(fundId).then((fund) => new Page('funds/manage-fund', { fund, values, problems: found }, 400));
    if (problems.length > 0 || !amount?.ok || !date.ok) return failed(problems);
    const result = await attempt(
      () =>
        this.recordContribution.execute({
          actorId: principal.accountId,
          fundId,
          organisationIdentifier: form.organisationIdentifier,
          organisationName: form.organisationName,
          amountPence: amount.pence,
          receivedOn: date.date,
          condition: form.condition ?? null,
        }),
      'organisationIdentifier',
    );
    if (!result.ok) return failed(result.problems);
    return new Redirect(`/manage/funds/${fundId}#contributions`);
  }
}
