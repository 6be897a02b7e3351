import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentPrincipal, Page, Permission, PublicRoute, Redirect, RequirePermission, attempt, attemptIfValid, safeReturnPath, validateForm, type FieldProblem, type Principal } from '@commonpurse/kernel';
import { CoDesignQueries } from '../usecases/codesign-queries';
import { CommentOnPriorityUseCase } from '../usecases/comment-on-priority/comment-on-priority.usecase';
import { EndorsePriorityUseCase, WithdrawEndorsementUseCase } from '../usecases/endorse-priority/endorse-priority.usecase';
import { ProposePriorityUseCase } from '../usecases/propose-priority/propose-priority.usecase';
import { RunPollUseCase } from '../usecases/run-poll/run-poll.usecase';
import { CommentForm, PriorityForm } from './dto/forms';
import { text } from './round-form';

const BOARD = 'funds/:slug/rounds/:round/priorities';

/**
 * Co-design for residents: the public board of priorities, proposing, endorsing with dots,
 * commenting, answering polls, and one's own activity. Every action works as a plain form post.
 */
@ApiExcludeController()
@Controller()
export class CoDesignController {
  constructor(
    private readonly queries: CoDesignQueries,
    private readonly propose: ProposePriorityUseCase,
    private readonly endorse: EndorsePriorityUseCase,
    private readonly withdraw: WithdrawEndorsementUseCase,
    private readonly comment: CommentOnPriorityUseCase,
    private readonly polls: RunPollUseCase,
  ) {}

  @Get(BOARD)
  @PublicRoute()
  async board(@Param('slug') slug: string, @Param('round') round: string, @CurrentPrincipal() principal?: Principal): Promise<Page> {
    return new Page('funds/codesign/board', { board: await this.queries.board(slug, round, principal) });
  }

  @Get(`${BOARD}/new`)
  @RequirePermission(Permission.CoDesignParticipate)
  async showPropose(@Param('slug') slug: string, @Param('round') round: string, @CurrentPrincipal() principal: Principal): Promise<Page> {
    return new Page('funds/codesign/propose', { board: await this.queries.board(slug, round, principal), values: {} });
  }

  @Post(BOARD)
  @RequirePermission(Permission.CoDesignParticipate)
  async submitPropose(@Param('slug') slug: string, @Param('round') round: string, @CurrentPrincipal() principal: Principal, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const { form, problems } = validateForm(PriorityForm, body);
    const result =
      await attemptIfValid(problems, () => this.propose.execute({ person: principal, fundId: slug, roundId: round, title: form.title, description: form.description, whoItHelps: form.whoItHelps ?? null }), 'title');
    if (!result.ok) return new Page('funds/codesign/propose', { board: await this.queries.board(slug, round, principal), values: form, problems: onForm(result.problems, 'title') }, result.status);
    return new Redirect(`/funds/${slug}/rounds/${round}/priorities/${result.value.id}`);
  }

  @Get(`${BOARD}/:priorityId`)
  @PublicRoute()
  async priority(@Param('slug') slug: string, @Param('round') round: string, @Param('priorityId', new ParseUUIDPipe()) priorityId: string, @CurrentPrincipal() principal?: Principal): Promise<Page> {
    return new Page('funds/codesign/priority', { view: await this.queries.priority(slug, round, priorityId, principal), values: {} });
  }

  /** Places a dot (or takes one back) and returns to the page the button was on. */
  @Post(`${BOARD}/:priorityId/dots`)
  @RequirePermission(Permission.CoDesignParticipate)
  async dots(
    @Param('slug') slug: string,
    @Param('round') round: string,
    @Param('priorityId', new ParseUUIDPipe()) priorityId: string,
    @CurrentPrincipal() principal: Principal,
    @Body() body: Record<string, unknown>,
  ): Promise<Page | Redirect> {
    const command = { person: principal, fundId: slug, roundId: round, priorityId };
    const result = await attempt(() => (text(body.action) === 'withdraw' ? this.withdraw.execute(command) : this.endorse.execute(command)), 'priorityId');
    const back = safeReturnPath(body.returnTo, `/funds/${slug}/rounds/${round}/priorities`);
    if (!result.ok) return this.refused(slug, round, back, priorityId, principal, result.problems, result.status);
    return new Redirect(`${back}#priority-${priorityId}`);
  }

  @Post(`${BOARD}/:priorityId/comments`)
  @RequirePermission(Permission.CoDesignParticipate)
  async submitComment(
    @Param('slug') slug: string,
    @Param('round') round: string,
    @Param('priorityId', new ParseUUIDPipe()) priorityId: string,
    @CurrentPrincipal() principal: Principal,
    @Body() body: Record<string, unknown>,
  ): Promise<Page | Redirect> {
    const { form, problems } = validateForm(CommentForm, body);
    const result = await attemptIfValid(problems, () => this.comment.execute({ person: principal, fundId: slug, roundId: round, priorityId, body: form.body }), 'body');
    if (!result.ok) return new Page('funds/codesign/priority', { view: await this.queries.priority(slug, round, priorityId, principal), values: form, problems: onForm(result.problems, 'body') }, result.status);
    return new Redirect(`/funds/${slug}/rounds/${round}/priorities/${priorityId}#comments`);
  }

  @Post(`funds/:slug/rounds/:round/polls/:pollId`)
  @RequirePermission(Permission.CoDesignParticipate)
  async answer(
    @Param('slug') slug: string,
    @Param('round') round: string,
    @Param('pollId', new ParseUUIDPipe()) pollId: string,
    @CurrentPrincipal() principal: Principal,
    @Body() body: Record<string, unknown>,
  ): Promise<Page | Redirect> {
    const option = text(body.option);
    const result = /^\d{1,2}$/.test(option)
      ? await attempt(() => this.polls.answer({ person: principal, fundId: slug, roundId: round, pollId, optionIndex: Number(option) }), `poll-${pollId}`)
      : { ok: false as const, problems: [{ field: `poll-${pollId}`, problem: 'funds.polls.chooseOne' }], status: 400 };
    if (!result.ok) {
      const problems = result.problems.map((p) => ({ ...p, field: `poll-${pollId}` }));
      return new Page('funds/codesign/board', { board: await this.queries.board(slug, round, principal), problems }, result.status);
    }
    return new Redirect(`/funds/${slug}/rounds/${round}/priorities#poll-${pollId}`);
  }

  @Get('account/co-design')
  @RequirePermission(Permission.AccountSelf)
  async activity(@CurrentPrincipal() principal: Principal): Promise<Page> {
    return new Page('funds/codesign/activity', { items: await this.queries.activity(principal.accountId) });
  }

  /** A refused dot is shown on the page the resident was on, with the reason in the error summary. */
  private async refused(slug: string, round: string, back: string, priorityId: string, principal: Principal, problems: FieldProblem[], status: number): Promise<Page> {
    const onPriority = back.endsWith(`/priorities/${priorityId}`);
    const shown = problems.map((p) => ({ ...p, field: `priority-${priorityId}` }));
    if (onPriority) return new Page('funds/codesign/priority', { view: await this.queries.priority(slug, round, priorityId, principal), values: {}, problems: shown }, status);
    return new Page('funds/codesign/board', { board: await this.queries.board(slug, round, principal), problems: shown }, status);
  }
}

/** A refusal about the whole form (the phase, who may take part) is shown against its first field, where the error summary can link. */
function onForm(problems: FieldProblem[], firstField: string): FieldProblem[] {
  return problems.map((p) => (p.field === 'phase' || p.field === 'resident' ? { ...p, field: firstField } : p));
}
