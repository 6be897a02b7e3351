import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, PublicRoute, RequirePermission, type Principal } from '@commonpurse/kernel';
import type { PriorityRow } from '../persistence/codesign.repository';
import { AdoptCriterionUseCase } from '../usecases/adopt-criterion/adopt-criterion.usecase';
import { CoDesignQueries } from '../usecases/codesign-queries';
import { CommentOnPriorityUseCase } from '../usecases/comment-on-priority/comment-on-priority.usecase';
import { EndorsePriorityUseCase, WithdrawEndorsementUseCase } from '../usecases/endorse-priority/endorse-priority.usecase';
import { MergePrioritiesUseCase } from '../usecases/merge-priorities/merge-priorities.usecase';
import { ProposePriorityUseCase } from '../usecases/propose-priority/propose-priority.usecase';
import { PublishYouSaidWeDidUseCase } from '../usecases/publish-you-said-we-did/publish-you-said-we-did.usecase';
import { RemoveContentUseCase } from '../usecases/remove-content/remove-content.usecase';
import { RunPollUseCase } from '../usecases/run-poll/run-poll.usecase';
import {
  ActivityView,
  AdoptCriterionDto,
  CommentDto,
  CreatedView,
  CriterionDto,
  DotsView,
  MergeDto,
  PollAnswerDto,
  PollDto,
  PollView,
  PriorityDetailView,
  PriorityDto,
  PriorityView,
  RemovalDto,
  RemovedView,
  YouSaidWeDidDto,
} from './dto/api.dto';

const MANAGE = [Permission.FundsManage, { type: 'fund', param: 'fundId' }] as const;
const ROUND = 'api/v1/funds/:fundId/rounds/:roundId';

/** Co-design through the JSON API: residents propose, comment, endorse and answer; fund managers merge, adopt, poll and sum up. */
@ApiTags('co-design')
@Controller()
export class CoDesignApiController {
  constructor(
    private readonly queries: CoDesignQueries,
    private readonly propose: ProposePriorityUseCase,
    private readonly comment: CommentOnPriorityUseCase,
    private readonly endorse: EndorsePriorityUseCase,
    private readonly withdraw: WithdrawEndorsementUseCase,
    private readonly merge: MergePrioritiesUseCase,
    private readonly criteria: AdoptCriterionUseCase,
    private readonly polls: RunPollUseCase,
    private readonly youSaid: PublishYouSaidWeDidUseCase,
    private readonly remove: RemoveContentUseCase,
  ) {}

  @Get(`${ROUND}/priorities`)
  @PublicRoute()
  @ApiOkResponse({ type: [PriorityView], description: 'Priorities still standing (duplicates merged away are left out), most endorsed first' })
  async list(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<PriorityView[]> {
    return (await this.queries.board(fundId, roundId)).priorities.map(toPriorityView);
  }

  @Post(`${ROUND}/priorities`)
  @ApiBearerAuth()
  @RequirePermission(Permission.CoDesignParticipate)
  @ApiCreatedResponse({ type: CreatedView })
  async create(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: PriorityDto): Promise<CreatedView> {
    const { id } = await this.propose.execute({ person: principal, fundId, roundId, title: body.title, description: body.description, whoItHelps: body.whoItHelps ?? null });
    return { id };
  }

  @Get(`${ROUND}/priorities/:priorityId`)
  @PublicRoute()
  @ApiOkResponse({ type: PriorityDetailView })
  async get(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('priorityId', new ParseUUIDPipe()) priorityId: string): Promise<PriorityDetailView> {
    const view = await this.queries.priority(fundId, roundId, priorityId);
    return {
      ...toPriorityView(view.priority),
      commentList: view.comments.map((c) => ({ id: c.id, by: c.byFundManager ? 'fund-manager' : 'resident', body: c.removedReason ? null : c.body, removedReason: c.removedReason, createdAt: new Date(c.createdAt).toISOString() })),
    };
  }

  @Post(`${ROUND}/priorities/:priorityId/comments`)
  @ApiBearerAuth()
  @RequirePermission(Permission.CoDesignParticipate)
  @ApiCreatedResponse({ type: CreatedView })
  async addComment(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('priorityId', new ParseUUIDPipe()) priorityId: string,
    @Body() body: CommentDto,
  ): Promise<CreatedView> {
    return { id: await this.comment.execute({ person: principal, fundId, roundId, priorityId, body: body.body }) };
  }

  @Post(`${ROUND}/priorities/:priorityId/endorsements`)
  @ApiBearerAuth()
  @RequirePermission(Permission.CoDesignParticipate)
  @ApiCreatedResponse({ type: DotsView, description: 'One more of your dots on this priority; 409 once every dot is placed' })
  async addDot(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('priorityId', new ParseUUIDPipe()) priorityId: string,
  ): Promise<DotsView> {
    return this.endorse.execute({ person: principal, fundId, roundId, priorityId });
  }

  @Delete(`${ROUND}/priorities/:priorityId/endorsements`)
  @ApiBearerAuth()
  @RequirePermission(Permission.CoDesignParticipate)
  @ApiOkResponse({ type: DotsView, description: 'Takes back one of your dots from this priority' })
  async removeDot(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('priorityId', new ParseUUIDPipe()) priorityId: string,
  ): Promise<DotsView> {
    return this.withdraw.execute({ person: principal, fundId, roundId, priorityId });
  }

  @Post(`${ROUND}/priorities/:priorityId/merge`)
  @HttpCode(200)
  @ApiBearerAuth()
  @RequirePermission(...MANAGE)
  @ApiOkResponse({ type: PriorityView, description: 'The priority the duplicate became part of, with its dots' })
  async mergeInto(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('priorityId', new ParseUUIDPipe()) priorityId: string,
    @Body() body: MergeDto,
  ): Promise<PriorityView> {
    await this.merge.execute({ actorId: principal.accountId, fundId, roundId, sourceId: priorityId, targetId: body.targetId });
    return toPriorityView((await this.queries.priority(fundId, roundId, body.targetId)).priority);
  }

  @Post(`${ROUND}/priorities/:priorityId/removal`)
  @HttpCode(200)
  @ApiBearerAuth()
  @RequirePermission(...MANAGE)
  @ApiOkResponse({ type: RemovedView, description: 'Takes the priority down; residents see the reason, and its dots go back to them' })
  async removePriority(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('priorityId', new ParseUUIDPipe()) priorityId: string,
    @Body() body: RemovalDto,
  ): Promise<RemovedView> {
    return this.remove.priority({ actorId: principal.accountId, fundId, roundId }, priorityId, body.reason);
  }

  @Post(`${ROUND}/comments/:commentId/removal`)
  @HttpCode(204)
  @ApiBearerAuth()
  @RequirePermission(...MANAGE)
  async removeComment(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('commentId', new ParseUUIDPipe()) commentId: string,
    @Body() body: RemovalDto,
  ): Promise<void> {
    await this.remove.comment({ actorId: principal.accountId, fundId, roundId }, commentId, body.reason);
  }

  @Post(`${ROUND}/criteria`)
  @ApiBearerAuth()
  @RequirePermission(...MANAGE)
  @ApiCreatedResponse({ type: CreatedView })
  async adopt(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: AdoptCriterionDto): Promise<CreatedView> {
    const { priorityIds, ...criterion } = body;
    return { id: await this.criteria.adopt({ actorId: principal.accountId, fundId, roundId }, criterion, priorityIds) };
  }

  @Patch(`${ROUND}/criteria/:criterionId`)
  @HttpCode(204)
  @ApiBearerAuth()
  @RequirePermission(...MANAGE)
  async updateCriterion(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('criterionId', new ParseUUIDPipe()) criterionId: string,
    @Body() body: CriterionDto,
  ): Promise<void> {
    await this.criteria.update({ actorId: principal.accountId, fundId, roundId }, criterionId, body);
  }

  @Delete(`${ROUND}/criteria/:criterionId`)
  @HttpCode(204)
  @ApiBearerAuth()
  @RequirePermission(...MANAGE)
  async removeCriterion(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('criterionId', new ParseUUIDPipe()) criterionId: string,
  ): Promise<void> {
    await this.criteria.remove({ actorId: principal.accountId, fundId, roundId }, criterionId);
  }

  @Get(`${ROUND}/polls`)
  @PublicRoute()
  @ApiOkResponse({ type: [PollView] })
  async listPolls(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<PollView[]> {
    return (await this.queries.board(fundId, roundId)).polls.map((p) => ({ id: p.id, question: p.question, options: p.options, counts: p.counts }));
  }

  @Post(`${ROUND}/polls`)
  @ApiBearerAuth()
  @RequirePermission(...MANAGE)
  @ApiCreatedResponse({ type: CreatedView })
  async createPoll(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: PollDto): Promise<CreatedView> {
    return { id: await this.polls.create({ actorId: principal.accountId, fundId, roundId, question: body.question, options: body.options }) };
  }

  @Post(`${ROUND}/polls/:pollId/answer`)
  @HttpCode(204)
  @ApiBearerAuth()
  @RequirePermission(Permission.CoDesignParticipate)
  async answer(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('pollId', new ParseUUIDPipe()) pollId: string,
    @Body() body: PollAnswerDto,
  ): Promise<void> {
    await this.polls.answer({ person: principal, fundId, roundId, pollId, optionIndex: body.option });
  }

  @Put(`${ROUND}/you-said-we-did`)
  @HttpCode(204)
  @ApiBearerAuth()
  @RequirePermission(...MANAGE)
  async publish(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: YouSaidWeDidDto): Promise<void> {
    await this.youSaid.execute({ actorId: principal.accountId, fundId, roundId, text: body.text });
  }

  @Get('api/v1/me/co-design')
  @ApiBearerAuth()
  @RequirePermission(Permission.AccountRead)
  @ApiOkResponse({ type: [ActivityView], description: 'Everything you have done in co-design, newest first' })
  async activity(@CurrentPrincipal() principal: Principal): Promise<ActivityView[]> {
    return (await this.queries.activity(principal.accountId)).map((a) => ({ ...a, at: new Date(a.at).toISOString() }));
  }
}

function toPriorityView(p: PriorityRow): PriorityView {
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    whoItHelps: p.whoItHelps,
    endorsements: p.endorsements,
    comments: p.comments,
    mergedInto: p.mergedInto,
    removedReason: p.removedReason,
    createdAt: new Date(p.createdAt).toISOString(),
  };
}
