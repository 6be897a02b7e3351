import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentPrincipal, Page, Permission, Redirect, RequirePermission, attempt, attemptIfValid, isUuid, validateForm, type FieldProblem, type Principal } from '@commonpurse/kernel';
import { parseOptions } from '../domain/form-questions';
import { FundsErrorCode, FundsException } from '../domain/funds.exception';
import { AdoptCriterionUseCase } from '../usecases/adopt-criterion/adopt-criterion.usecase';
import { CoDesignQueries } from '../usecases/codesign-queries';
import { FundQueries } from '../usecases/fund-queries';
import { MergePrioritiesUseCase } from '../usecases/merge-priorities/merge-priorities.usecase';
import { PublishYouSaidWeDidUseCase } from '../usecases/publish-you-said-we-did/publish-you-said-we-did.usecase';
import { RemoveContentUseCase } from '../usecases/remove-content/remove-content.usecase';
import { RunPollUseCase } from '../usecases/run-poll/run-poll.usecase';
import { CriterionForm } from './dto/forms';
import { text } from './round-form';

const MANAGE = [Permission.FundsManage, { type: 'fund', param: 'fundId' }] as const;
const BASE = 'manage/funds/:fundId/rounds/:roundId/co-design';

/**
 * The fund manager's side of co-design: priorities ranked by endorsements, merging duplicates,
 * adopting priorities into criteria, taking down what breaks the house rules, polls, and the
 * "you said, we did" summary.
 */
@ApiExcludeController()
@Controller()
export class CoDesignManageController {
  constructor(
    private readonly rounds: FundQueries,
    private readonly codesign: CoDesignQueries,
    private readonly merge: MergePrioritiesUseCase,
    private readonly criteria: AdoptCriterionUseCase,
    private readonly polls: RunPollUseCase,
    private readonly youSaid: PublishYouSaidWeDidUseCase,
    private readonly remove: RemoveContentUseCase,
  ) {}

  @Get(BASE)
  @RequirePermission(...MANAGE)
  async show(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @CurrentPrincipal() principal: Principal): Promise<Page> {
    return this.page(fundId, roundId, principal, {}, [], 200);
  }

  @Post(`${BASE}/polls`)
  @RequirePermission(...MANAGE)
  async createPoll(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<Page | Redirect> {
    const values = { question: text(body.question), options: text(body.options) };
    const result = await attempt(() => this.polls.create({ actorId: principal.accountId, fundId, roundId, question: values.question, options: parseOptions(values.options) }), 'question');
    if (!result.ok) return this.page(fundId, roundId, principal, values, result.problems, result.status);
    return new Redirect(`/manage/funds/${fundId}/rounds/${roundId}/co-design#polls`);
  }

  @Post(`${BASE}/you-said-we-did`)
  @RequirePermission(...MANAGE)
  async publish(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<Page | Redirect> {
    const values = { text: text(body.text) };
    const result = await attempt(() => this.youSaid.execute({ actorId: principal.accountId, fundId, roundId, text: values.text }), 'text');
    if (!result.ok) return this.page(fundId, roundId, principal, values, result.problems, result.status);
    return new Redirect(`/manage/funds/${fundId}/rounds/${roundId}/co-design#you-said-we-did`);
  }

  // --- merging a duplicate ---

  @Get(`${BASE}/priorities/:priorityId/merge`)
  @RequirePermission(...MANAGE)
  async showMerge(
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('priorityId', new ParseUUIDPipe()) priorityId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page> {
    return this.mergePage(fundId, roundId, priorityId, principal, [], 200);
  }

  @Post(`${BASE}/priorities/:priorityId/merge`)
  @RequirePermission(...MANAGE)
  async submitMerge(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('priorityId', new ParseUUIDPipe()) priorityId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<Page | Redirect> {
    const targetId = text(body.targetId);
    const problems: FieldProblem[] = !targetId ? [{ field: 'targetId', problem: 'funds.merge.chooseTarget' }] : !isUuid(targetId) ? [{ field: 'targetId', problem: 'funds.merge.chooseFromList' }] : [];
    const result = await attemptIfValid(problems, () => this.merge.execute({ actorId: principal.accountId, fundId, roundId, sourceId: priorityId, targetId }), 'targetId');
    if (!result.ok) return this.mergePage(fundId, roundId, priorityId, principal, result.problems, result.status);
    return new Redirect(`/manage/funds/${fundId}/rounds/${roundId}/co-design#priorities`);
  }

  private async mergePage(fundId: string, roundId: string, priorityId: string, principal: Principal, problems: FieldProblem[], status: number): Promise<Page> {
    const view = await this.codesign.priority(fundId, roundId, priorityId, principal);
    const board = await this.codesign.board(fundId, roundId, principal);
    return new Page('funds/codesign/merge', { view, targets: board.priorities.filter((p) => p.id !== priorityId), problems }, status);
  }

  // --- taking content down ---

  @Get(`${BASE}/priorities/:priorityId/remove`)
  @RequirePermission(...MANAGE)
  async showRemove(
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('priorityId', new ParseUUIDPipe()) priorityId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page> {
    return new Page('funds/codesign/remove', { view: await this.codesign.priority(fundId, roundId, priorityId, principal), values: {} });
  }

  /** Takes down the priority, or one of its comments (`commentId`), with the reason residents will see. */
  @Post(`${BASE}/priorities/:priorityId/remove`)
  @RequirePermission(...MANAGE)
  async submitRemove(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('priorityId', new ParseUUIDPipe()) priorityId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<Page | Redirect> {
    const target = { actorId: principal.accountId, fundId, roundId };
    const commentId = text(body.commentId);
    const reason = text(body.reason);
    if (commentId && !isUuid(commentId)) throw new FundsException(FundsErrorCode.NotFound, 'funds.comment.notFound');
    const result = await attempt<unknown>(() => (commentId ? this.remove.comment(target, commentId, reason) : this.remove.priority(target, priorityId, reason)), 'reason');
    if (!result.ok) {
      const field = commentId ? `reason-${commentId}` : 'reason';
      const problems = result.problems.map((p) => ({ ...p, field: p.field === 'reason' ? field : p.field }));
      return new Page('funds/codesign/remove', { view: await this.codesign.priority(fundId, roundId, priorityId, principal), values: { [field]: reason }, problems }, result.status);
    }
    return new Redirect(commentId ? `/manage/funds/${fundId}/rounds/${roundId}/co-design/priorities/${priorityId}/remove` : `/manage/funds/${fundId}/rounds/${roundId}/co-design#priorities`);
  }

  // --- adopting criteria ---

  @Get(`${BASE}/criteria/new`)
  @RequirePermission(...MANAGE)
  async showAdopt(
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @CurrentPrincipal() principal: Principal,
    @Query('priority') priority?: string,
  ): Promise<Page> {
    const board = await this.codesign.board(fundId, roundId, principal);
    const from = board.priorities.find((p) => p.id === priority);
    return new Page('funds/codesign/criterion', { board, criterion: null, values: { title: from?.title ?? '', description: from?.description ?? '', weight: '1', priorityIds: from ? [from.id] : [] } });
  }

  @Post(`${BASE}/criteria`)
  @RequirePermission(...MANAGE)
  async submitAdopt(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<Page | Redirect> {
    const { form, problems } = validateForm(CriterionForm, body);
    const priorityIds = ([] as unknown[]).concat(body.priorityIds ?? []).filter((id): id is string => typeof id === 'string');
    if (priorityIds.some((id) => !isUuid(id))) problems.push({ field: 'priorityIds', problem: 'funds.criteria.unknownPriority' });
    const result = await attemptIfValid(
      problems,
      () => this.criteria.adopt({ actorId: principal.accountId, fundId, roundId }, { title: form.title, description: form.description, weight: Number(form.weight) }, priorityIds),
      'title',
    );
    if (!result.ok) {
      const board = await this.codesign.board(fundId, roundId, principal);
      return new Page('funds/codesign/criterion', { board, criterion: null, values: { ...form, priorityIds }, problems: result.problems }, result.status);
    }
    return new Redirect(`/manage/funds/${fundId}/rounds/${roundId}/co-design#criteria`);
  }

  @Get(`${BASE}/criteria/:criterionId`)
  @RequirePermission(...MANAGE)
  async showCriterion(
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('criterionId', new ParseUUIDPipe()) criterionId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page> {
    const [board, criterion] = await this.criterion(fundId, roundId, criterionId, principal);
    return new Page('funds/codesign/criterion', { board, criterion, values: { title: criterion.title, description: criterion.description, weight: String(criterion.weight) } });
  }

  /** Saves a reworded criterion, or removes it (the button pressed says which). */
  @Post(`${BASE}/criteria/:criterionId`)
  @RequirePermission(...MANAGE)
  async submitCriterion(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('criterionId', new ParseUUIDPipe()) criterionId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<Page | Redirect> {
    const target = { actorId: principal.accountId, fundId, roundId };
    const removing = text(body.action) === 'remove';
    const { form, problems } = validateForm(CriterionForm, body);
    const result = removing
      ? await attempt(() => this.criteria.remove(target, criterionId), 'title')
      : await attemptIfValid(problems, () => this.criteria.update(target, criterionId, { title: form.title, description: form.description, weight: Number(form.weight) }), 'title');
    if (!result.ok) {
      const [board, criterion] = await this.criterion(fundId, roundId, criterionId, principal);
      return new Page('funds/codesign/criterion', { board, criterion, values: removing ? { title: criterion.title, description: criterion.description, weight: String(criterion.weight) } : form, problems: result.problems }, result.status);
    }
    return new Redirect(`/manage/funds/${fundId}/rounds/${roundId}/co-design#criteria`);
  }

  private async criterion(fundId: string, roundId: string, criterionId: string, principal: Principal) {
    const [board, round] = await Promise.all([this.codesign.board(fundId, roundId, principal), this.rounds.round(fundId, roundId)]);
    const criterion = round.criteria.find((c) => c.id === criterionId);
    if (!criterion) throw new FundsException(FundsErrorCode.NotFound, 'funds.criteria.notFound');
    return [board, criterion] as const;
  }

  private async page(fundId: string, roundId: string, principal: Principal, values: Record<string, string>, problems: FieldProblem[], status: number): Promise<Page> {
    const [board, round] = await Promise.all([this.codesign.board(fundId, roundId, principal), this.rounds.round(fundId, roundId)]);
    return new Page('funds/codesign/manage', { board, round, all: await this.codesign.forManager(board.round.id, round.criteria), values, problems }, status);
  }
}
