import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, PublicRoute, RequirePermission, type Principal } from '@commonpurse/kernel';
import type { PhaseWindow } from '../domain/round-timeline';
import { AdvancePhaseUseCase } from '../usecases/advance-phase/advance-phase.usecase';
import { ChangeTimelineUseCase } from '../usecases/change-timeline/change-timeline.usecase';
import { CreateRoundUseCase } from '../usecases/create-round/create-round.usecase';
import { EditQuestionsUseCase } from '../usecases/edit-questions/edit-questions.usecase';
import { FundQueries, type RoundDetail } from '../usecases/fund-queries';
import { ReplaceLotsUseCase } from '../usecases/replace-lots/replace-lots.usecase';
import { UpdateRoundRulesUseCase } from '../usecases/update-round-rules/update-round-rules.usecase';
import { AdvanceDto, CreatedView, CreateRoundWithRulesDto, LotsDto, MoveQuestionDto, QuestionDto, RoundDetailView, TimelineDto, TransitionView, UpdateRoundDto, type PhaseDto } from './dto/api.dto';

const MANAGE = [Permission.FundsManage, { type: 'fund', param: 'fundId' }] as const;

/** Rounds through the JSON API: create, read, change rules, timeline, lots and form questions, move the phase on. */
@ApiTags('rounds')
@Controller('api/v1/funds/:fundId/rounds')
export class RoundsApiController {
  constructor(
    private readonly queries: FundQueries,
    private readonly createRound: CreateRoundUseCase,
    private readonly updateRules: UpdateRoundRulesUseCase,
    private readonly changeTimeline: ChangeTimelineUseCase,
    private readonly advancePhase: AdvancePhaseUseCase,
    private readonly replaceLots: ReplaceLotsUseCase,
    private readonly editQuestions: EditQuestionsUseCase,
  ) {}

  @Post()
  @ApiBearerAuth()
  @RequirePermission(...MANAGE)
  @ApiCreatedResponse({ type: RoundDetailView })
  async create(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Body() body: CreateRoundWithRulesDto): Promise<RoundDetailView> {
    const { phases, ...rest } = body;
    const round = await this.createRound.execute({ actorId: principal.accountId, fundId, ...rest, phases: windows(phases) });
    return toRoundView(await this.queries.round(fundId, round.id));
  }

  @Get(':roundId')
  @PublicRoute()
  @ApiOkResponse({ type: RoundDetailView })
  async get(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<RoundDetailView> {
    return toRoundView(await this.queries.round(fundId, roundId));
  }

  @Patch(':roundId')
  @ApiBearerAuth()
  @RequirePermission(...MANAGE)
  @ApiOkResponse({ type: RoundDetailView, description: 'Only the rules given change; a frozen rule is refused with 409' })
  async update(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: UpdateRoundDto): Promise<RoundDetailView> {
    const { name, ...rules } = body;
    await this.updateRules.execute({ actorId: principal.accountId, fundId, roundId, name, rules });
    return toRoundView(await this.queries.round(fundId, roundId));
  }

  @Put(':roundId/timeline')
  @ApiBearerAuth()
  @RequirePermission(...MANAGE)
  @ApiOkResponse({ type: RoundDetailView })
  async timeline(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: TimelineDto): Promise<RoundDetailView> {
    await this.changeTimeline.execute({ actorId: principal.accountId, fundId, roundId, phases: windows(body.phases) });
    return toRoundView(await this.queries.round(fundId, roundId));
  }

  @Post(':roundId/advance')
  @HttpCode(200)
  @ApiBearerAuth()
  @RequirePermission(...MANAGE)
  @ApiOkResponse({ type: RoundDetailView, description: 'Closes the phase open now and opens the next, now' })
  async advance(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: AdvanceDto): Promise<RoundDetailView> {
    await this.advancePhase.execute({ actorId: principal.accountId, fundId, roundId, expectedFrom: body.expectedFrom });
    return toRoundView(await this.queries.round(fundId, roundId));
  }

  @Get(':roundId/transitions')
  @PublicRoute()
  @ApiOkResponse({ type: [TransitionView] })
  async transitions(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<TransitionView[]> {
    const round = await this.queries.round(fundId, roundId);
    return (await this.queries.transitions(round.id)).map((t) => ({ fromPhase: t.fromPhase, toPhase: t.toPhase, at: new Date(t.at).toISOString(), by: t.actorId ? 'fund-manager' : 'clock' }));
  }

  @Put(':roundId/lots')
  @ApiBearerAuth()
  @RequirePermission(...MANAGE)
  @ApiOkResponse({ type: RoundDetailView })
  async lots(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: LotsDto): Promise<RoundDetailView> {
    const lots = body.lots.map((l) => ({ name: l.name, budgetPence: l.budgetPence, areaCode: l.areaCode?.trim().toUpperCase() ?? null, criterionId: l.criterionId ?? null }));
    await this.replaceLots.execute({ actorId: principal.accountId, fundId, roundId, lots });
    return toRoundView(await this.queries.round(fundId, roundId));
  }

  @Post(':roundId/questions')
  @ApiBearerAuth()
  @RequirePermission(...MANAGE)
  @ApiCreatedResponse({ type: CreatedView })
  async addQuestion(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: QuestionDto): Promise<CreatedView> {
    const id = await this.editQuestions.add(
      { actorId: principal.accountId, fundId, roundId },
      { type: body.type, label: body.label, hint: body.hint ?? null, required: body.required, wordLimit: body.wordLimit ?? null, options: body.options ?? [] },
    );
    return { id };
  }

  @Delete(':roundId/questions/:questionId')
  @HttpCode(204)
  @ApiBearerAuth()
  @RequirePermission(...MANAGE)
  async removeQuestion(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('questionId', new ParseUUIDPipe()) questionId: string,
  ): Promise<void> {
    await this.editQuestions.remove({ actorId: principal.accountId, fundId, roundId }, questionId);
  }

  @Post(':roundId/questions/:questionId/move')
  @HttpCode(204)
  @ApiBearerAuth()
  @RequirePermission(...MANAGE)
  async moveQuestion(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('questionId', new ParseUUIDPipe()) questionId: string,
    @Body() body: MoveQuestionDto,
  ): Promise<void> {
    await this.editQuestions.move({ actorId: principal.accountId, fundId, roundId }, questionId, body.direction);
  }
}

function windows(phases: PhaseDto[]): PhaseWindow[] {
  return phases.map((p) => ({ phase: p.phase, enabled: true, opensAt: new Date(p.opensAt), closesAt: new Date(p.closesAt) }));
}

export function toRoundView(round: RoundDetail): RoundDetailView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: round.id,
    fundId: round.fundId,
    slug: round.slug,
    name: round.name,
    budgetPence: round.budgetPence,
    grantMinPence: round.grantMinPence,
    grantMaxPence: round.grantMaxPence,
    phases: round.phases.map((p) => ({ phase: p.phase, enabled: p.enabled, opensAt: iso(p.opensAt), closesAt: iso(p.closesAt) })),
    currentPhase: round.now.state === 'open' ? round.now.phase : null,
    rules: {
      applicantTypes: round.applicantTypes,
      votingMethod: round.votingMethod,
      allocationRule: round.allocationRule,
      panelWeightPercent: round.panelWeightPercent,
      minimumVoterAge: round.minimumVoterAge,
      endorsementDots: round.endorsementDots,
      twoStage: round.twoStage,
    },
    frozen: round.frozen,
    lots: round.lots.map((l) => ({ id: l.id, name: l.name, budgetPence: l.budgetPence, areaCode: l.areaCode, criterionId: l.criterionId })),
    questions: round.questions.map((q) => ({ id: q.id, type: q.type, label: q.label, hint: q.hint, required: q.required, wordLimit: q.wordLimit, options: q.options })),
    criteria: round.criteria.map((c) => ({ id: c.id, title: c.title, description: c.description, weight: c.weight, share: c.share, priorities: c.priorities, residents: c.residents })),
    participants: round.participants,
    youSaidWeDid: round.youSaidWeDid,
  };
}
