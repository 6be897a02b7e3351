import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, PublicRoute, RequirePermission, type Principal } from '@commonpurse/kernel';
import { CreateFundUseCase } from '../usecases/create-fund/create-fund.usecase';
import { FundQueries, type FundDetail } from '../usecases/fund-queries';
import { RecordContributionUseCase } from '../usecases/record-contribution/record-contribution.usecase';
import { SetGrantPrefixUseCase } from '../usecases/set-grant-prefix/set-grant-prefix.usecase';
import { AddManagerDto, ContributionDto, CreateFundDto, FundManagerView, FundView, GrantPrefixDto, UpdateFundDto } from './dto/api.dto';
import { ManageFundTeamUseCase, type FundManager } from '../usecases/manage-fund-team/manage-fund-team.usecase';
import { UpdateFundUseCase } from '../usecases/update-fund/update-fund.usecase';

@ApiTags('funds')
@Controller('api/v1/funds')
export class FundsApiController {
  constructor(
    private readonly queries: FundQueries,
    private readonly createFund: CreateFundUseCase,
    private readonly recordContribution: RecordContributionUseCase,
    private readonly grantPrefix: SetGrantPrefixUseCase,
    private readonly updateFund: UpdateFundUseCase,
    private readonly team: ManageFundTeamUseCase,
  ) {}

  @Get()
  @PublicRoute()
  @ApiOkResponse({ type: [FundView] })
  async list(): Promise<FundView[]> {
    return (await this.queries.list()).map((f) => ({ id: f.id, slug: f.slug, name: f.name, purpose: f.purpose, currency: f.currency, totalPence: f.totalPence }));
  }

  @Get(':fundId')
  @PublicRoute()
  @ApiOkResponse({ type: FundView })
  async get(@Param('fundId', new ParseUUIDPipe()) fundId: string): Promise<FundView> {
    return toView(await this.queries.detail(fundId));
  }

  @Post()
  @ApiBearerAuth()
  @RequirePermission(Permission.FundsCreate)
  @ApiCreatedResponse({ type: FundView })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateFundDto): Promise<FundView> {
    const fund = await this.createFund.execute({
      actor: { accountId: principal.accountId, email: principal.email },
      name: body.name,
      purpose: body.purpose,
      areas: body.areas.map((a) => ({ kind: a.kind, code: a.code, name: a.name ?? null })),
    });
    return toView(await this.queries.detail(fund.id));
  }

  @Post(':fundId/contributions')
  @ApiBearerAuth()
  @RequirePermission(Permission.FundsManage, { type: 'fund', param: 'fundId' })
  @ApiCreatedResponse({ type: FundView })
  async contribute(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Body() body: ContributionDto): Promise<FundView> {
    await this.recordContribution.execute({ actorId: principal.accountId, fundId, ...body, condition: body.condition ?? null });
    return toView(await this.queries.detail(fundId));
  }

  @Get(':fundId/funders')
  @ApiBearerAuth()
  @RequirePermission(Permission.FundsManage, { type: 'fund', param: 'fundId' })
  async funders(@Param('fundId', new ParseUUIDPipe()) fundId: string) {
    return { funders: await this.queries.funders(fundId) };
  }

  @Put(':fundId/funders/:organisationId')
  @HttpCode(204)
  @ApiBearerAuth()
  @RequirePermission(Permission.FundsManage, { type: 'fund', param: 'fundId' })
  async setGrantPrefix(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('organisationId', new ParseUUIDPipe()) organisationId: string, @Body() body: GrantPrefixDto): Promise<void> {
    await this.grantPrefix.execute({ actorId: principal.accountId, fundId, organisationId, grantPrefix: body.grantPrefix });
  }

  @Get(':fundId/managers')
  @ApiBearerAuth()
  @RequirePermission(Permission.FundsManage, { type: 'fund', param: 'fundId' })
  @ApiOkResponse({ type: [FundManagerView] })
  async managers(@Param('fundId', new ParseUUIDPipe()) fundId: string): Promise<FundManagerView[]> {
    return (await this.team.list(fundId)).map(toManagerView);
  }

  @Post(':fundId/managers')
  @ApiBearerAuth()
  @RequirePermission(Permission.FundsManage, { type: 'fund', param: 'fundId' })
  @ApiCreatedResponse({ type: [FundManagerView], description: 'The fund’s managers, with the account of this email among them' })
  async addManager(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Body() body: AddManagerDto): Promise<FundManagerView[]> {
    return (await this.team.add({ actorId: principal.accountId, fundId, email: body.email })).map(toManagerView);
  }

  @Delete(':fundId/managers/:accountId')
  @ApiBearerAuth()
  @RequirePermission(Permission.FundsManage, { type: 'fund', param: 'fundId' })
  @ApiOkResponse({ type: [FundManagerView] })
  async removeManager(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('accountId', new ParseUUIDPipe()) accountId: string): Promise<FundManagerView[]> {
    return (await this.team.remove({ actorId: principal.accountId, fundId, accountId })).map(toManagerView);
  }

  @Patch(':fundId')
  @ApiBearerAuth()
  @RequirePermission(Permission.FundsManage, { type: 'fund', param: 'fundId' })
  @ApiOkResponse({ type: FundView })
  async update(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Body() body: UpdateFundDto): Promise<FundView> {
    const areas = body.areas?.map((a) => ({ kind: a.kind, code: a.code, name: a.name ?? null }));
    await this.updateFund.execute({ actorId: principal.accountId, fundId, name: body.name, purpose: body.purpose, areas });
    return toView(await this.queries.detail(fundId));
  }
}

function toView(fund: FundDetail): FundView {
  return {
    id: fund.id,
    slug: fund.slug,
    name: fund.name,
    purpose: fund.purpose,
    currency: fund.currency,
    totalPence: fund.totalPence,
    areas: fund.areas.map((a) => ({ kind: a.kind, code: a.code, name: a.name })),
    contributions: fund.contributions.map((c) => ({ id: c.id, organisationIdentifier: c.organisationIdentifier, organisationName: c.organisationName, amountPence: c.amountPence, receivedOn: c.receivedOn, condition: c.condition })),
  };
}

function toManagerView(m: FundManager): FundManagerView {
  return { accountId: m.accountId, email: m.email, displayName: m.displayName, since: new Date(m.grantedAt).toISOString() };
}
