import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { hasPermission } from '@commonpurse/identity';
import { CurrentPrincipal, Page, Permission, PublicRoute, Redirect, RequirePermission, attempt, attemptIfValid, isUuid, validateForm, type FieldProblem, type Principal } from '@commonpurse/kernel';
import { FundsErrorCode, FundsException } from '../domain/funds.exception';
import { parseDayMonthYear } from '../domain/calendar-date';
import { PHASES, type Phase } from '../domain/round-timeline';
import { CreateRoundUseCase } from '../usecases/create-round/create-round.usecase';
import { ManageFundTeamUseCase } from '../usecases/manage-fund-team/manage-fund-team.usecase';
import { UpdateFundUseCase } from '../usecases/update-fund/update-fund.usecase';
import { areaIncludes, parseAreas, type FundArea } from '../domain/fund-area';
import { parsePounds } from '../domain/money';
import { CreateFundUseCase } from '../usecases/create-fund/create-fund.usecase';
import { FundQueries } from '../usecases/fund-queries';
import { RecordContributionUseCase } from '../usecases/record-contribution/record-contribution.usecase';
import { ContributionForm, CreateFundForm, EditFundForm } from './dto/forms';
import { formField, phaseFields, readPhases, readPounds, text, type PhaseFields } from './round-form';

@ApiExcludeController()
@Controller()
export class FundsController {
  constructor(
    private readonly queries: FundQueries,
    private readonly createFund: CreateFundUseCase,
    private readonly recordContribution: RecordContributionUseCase,
    private readonly createRound: CreateRoundUseCase,
    private readonly updateFund: UpdateFundUseCase,
    private readonly team: ManageFundTeamUseCase,
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
    // Whether the signed-in person lives in the fund's area, by the postcode they gave.
    const eligibility = !principal ? undefined : !principal.postcode ? 'no-postcode' : ({ true: 'inside', false: 'outside', undefined: 'unknown' } as const)[String(areaIncludes(fund.areas, principal.postcode)) as 'true' | 'false' | 'undefined'];
    return new Page('funds/fund', { fund, canManage, eligibility, postcode: principal?.postcode });
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
  async manage(@Param('fundId', new ParseUUIDPipe()) fundId: string, @CurrentPrincipal() principal: Principal): Promise<Page> {
    return this.managePage(fundId, principal, {}, [], 200);
  }

  private async managePage(fundId: string, principal: Principal, values: Record<string, string>, problems: FieldProblem[], status: number): Promise<Page> {
    const [fund, managers] = await Promise.all([this.queries.detail(fundId), this.team.list(fundId)]);
    return new Page('funds/manage-fund', { fund, managers, me: principal.accountId, values, problems }, status);
  }

  /** Adds a colleague as a manager of this fund (`email`), or takes one off it (`remove`: their account id). */
  @Post('manage/funds/:fundId/managers')
  @RequirePermission(Permission.FundsManage, { type: 'fund', param: 'fundId' })
  async submitManagers(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const removing = text(body.remove);
    const email = text(body.email).trim();
    if (removing && !isUuid(removing)) throw new FundsException(FundsErrorCode.NotFound, 'funds.team.notAManager');
    const problems: FieldProblem[] = removing || email ? [] : [{ field: 'managerEmail', problem: 'funds.team.emailMissing' }];
    const result = await attemptIfValid<unknown>(
      problems,
      () => (removing ? this.team.remove({ actorId: principal.accountId, fundId, accountId: removing }) : this.team.add({ actorId: principal.accountId, fundId, email })),
      'managerEmail',
    );
    if (!result.ok) return this.managePage(fundId, principal, { managerEmail: email }, result.problems.map((p) => ({ ...p, field: 'managerEmail' })), result.status);
    return new Redirect(`/manage/funds/${fundId}#managers`);
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
    const failed = (found: FieldProblem[]) => this.managePage(fundId, principal, values, found, 400);
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

  @Get('manage/funds/:fundId/rounds/new')
  @RequirePermission(Permission.FundsManage, { type: 'fund', param: 'fundId' })
  async showRoundForm(@Param('fundId', new ParseUUIDPipe()) fundId: string): Promise<Page> {
    return this.roundPage(fundId, roundValues({}), [], 200);
  }

  /**
   * One page for the whole round: amounts in pounds, then each phase switched on or off with the
   * day it opens and the day it closes (inclusive, UK time). The other rules start at their
   * defaults and are changed on the round's own pages.
   */
  @Post('manage/funds/:fundId/rounds')
  @RequirePermission(Permission.FundsManage, { type: 'fund', param: 'fundId' })
  async submitRound(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const values = roundValues(body);
    const problems: FieldProblem[] = [];
    if (!values.name.trim()) problems.push({ field: 'name', problem: 'funds.roundForm.nameMissing' });
    const [budgetPence, grantMinPence, grantMaxPence] = [readPounds(values.budget, 'budget', problems), readPounds(values.grantMin, 'grantMin', problems), readPounds(values.grantMax, 'grantMax', problems)];
    const phases = readPhases(values.phases, problems);
    if (problems.length > 0) return this.roundPage(fundId, values, problems, 400);
    const result = await attempt(() => this.createRound.execute({ actorId: principal.accountId, fundId, name: values.name, budgetPence, grantMinPence, grantMaxPence, phases }), 'name');
    if (!result.ok) return this.roundPage(fundId, values, result.problems.map((p) => ({ ...p, field: formField(p.field) })), 400);
    return new Redirect(`/manage/funds/${fundId}/rounds/${result.value.id}`);
  }

  @Get('manage/funds/:fundId/edit')
  @RequirePermission(Permission.FundsManage, { type: 'fund', param: 'fundId' })
  async showEdit(@Param('fundId', new ParseUUIDPipe()) fundId: string): Promise<Page> {
    const fund = await this.queries.detail(fundId);
    return new Page('funds/manage-edit', { fund, values: { name: fund.name, purpose: fund.purpose, ...areaFields(fund.areas) } });
  }

  /** The name, purpose and area on one page; the area only while no round of the fund has begun. */
  @Post('manage/funds/:fundId/edit')
  @RequirePermission(Permission.FundsManage, { type: 'fund', param: 'fundId' })
  async submitEdit(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const { form, problems } = validateForm(EditFundForm, body);
    const areasGiven = 'wards' in body || 'postcodeDistricts' in body;
    const areas = areasGiven ? parseAreas(text(form.wards), text(form.postcodeDistricts)) : undefined;
    if (areas && !areas.ok) problems.push({ field: areas.field === 'areas' ? 'wards' : areas.field, problem: areas.problem });
    const result = await attemptIfValid(
      problems,
      () => this.updateFund.execute({ actorId: principal.accountId, fundId, name: form.name, purpose: form.purpose, areas: areas?.ok ? areas.areas : undefined }),
      'name',
    );
    if (!result.ok) {
      const shown = result.problems.map((p) => (p.field === 'areas' ? { ...p, field: 'wards' } : p));
      return new Page('funds/manage-edit', { fund: await this.queries.detail(fundId), values: form, problems: shown }, result.status);
    }
    return new Redirect(`/manage/funds/${fundId}`);
  }

  private async roundPage(fundId: string, values: RoundValues, problems: FieldProblem[], status: number): Promise<Page> {
    return new Page('funds/manage-round-new', { fund: await this.queries.detail(fundId), phases: PHASES, values, problems }, status);
  }
}

/** A fund's area as the form's two boxes show it. */
function areaFields(areas: FundArea[]): { wards: string; postcodeDistricts: string } {
  return {
    wards: areas.filter((a) => a.kind === 'ward').map((a) => `${a.code} ${a.name ?? ''}`.trim()).join('\n'),
    postcodeDistricts: areas.filter((a) => a.kind === 'postcode_district').map((a) => a.code).join(', '),
  };
}

type RoundValues = { name: string; budget: string; grantMin: string; grantMax: string; phases: Record<Phase, PhaseFields> };

/** What was typed into the round form, kept to show back. */
function roundValues(body: Record<string, unknown>): RoundValues {
  return { name: text(body.name), budget: text(body.budget), grantMin: text(body.grantMin), grantMax: text(body.grantMax), phases: phaseFields(body) };
}
