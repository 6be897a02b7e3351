import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { sendFile } from '@commonpurse/applications';
import { CurrentPrincipal, Page, Permission, Redirect, RequirePermission, attempt, type Principal } from '@commonpurse/kernel';
import { CONFLICT_KINDS } from '../domain/conflicts';
import { EDIT_WINDOW_MINUTES } from '../domain/panel-rules';
import { DeclareConflictsUseCase } from '../usecases/declare-conflicts/declare-conflicts.usecase';
import { DiscussApplicationUseCase } from '../usecases/discuss-application/discuss-application.usecase';
import { ManageMembersUseCase } from '../usecases/manage-members/manage-members.usecase';
import { PanelQueries } from '../usecases/panel-queries';
import { ScoreApplicationUseCase } from '../usecases/score-application/score-application.usecase';
import { VolunteerUseCase } from '../usecases/volunteer/volunteer.usecase';
import { prefixed, text } from './forms';

const TAKE_PART = Permission.PanelTakePart;
const VOLUNTEER = 'funds/:slug/rounds/:round/panel';
const SEAT = 'panel/rounds/:roundId';
const APPLICATION = `${SEAT}/applications/:applicationId`;

/**
 * Residents' side of the panel: volunteering with the profile questions; then, once drawn, the
 * invitation, the declarations of interest, each application with its discussion, questions to
 * the applicant, a private note and the score form, and the panel's scores. Plain form posts throughout.
 */
@ApiExcludeController()
@Controller()
export class PanellistController {
  constructor(
    private readonly queries: PanelQueries,
    private readonly volunteer: VolunteerUseCase,
    private readonly members: ManageMembersUseCase,
    private readonly conflicts: DeclareConflictsUseCase,
    private readonly scoring: ScoreApplicationUseCase,
    private readonly discussion: DiscussApplicationUseCase,
  ) {}

  // --- volunteering ---

  @Get(VOLUNTEER)
  @RequirePermission(TAKE_PART)
  async showVolunteer(@CurrentPrincipal() principal: Principal, @Param('slug') slug: string, @Param('round') round: string): Promise<Page> {
    const found = await this.queries.forVolunteer(principal, slug, round);
    return new Page('deliberation/volunteer', { ...found, values: found.volunteer?.profile ?? {} });
  }

  @Post(VOLUNTEER)
  @RequirePermission(TAKE_PART)
  async submitVolunteer(@CurrentPrincipal() principal: Principal, @Param('slug') slug: string, @Param('round') round: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const answers = prefixed(body, 'profile');
    const result = await attempt(() => this.volunteer.execute({ person: principal, fundKey: slug, roundKey: round, answers }), 'panel');
    if (!result.ok) return new Page('deliberation/volunteer', { ...(await this.queries.forVolunteer(principal, slug, round)), values: answers, problems: result.problems }, result.status);
    return new Redirect(`/funds/${slug}/rounds/${round}/panel?saved=1`);
  }

  @Post(`${VOLUNTEER}/withdraw`)
  @RequirePermission(TAKE_PART)
  async withdraw(@CurrentPrincipal() principal: Principal, @Param('slug') slug: string, @Param('round') round: string): Promise<Page | Redirect> {
    const result = await attempt(() => this.volunteer.withdraw({ person: principal, fundKey: slug, roundKey: round }), 'panel');
    if (!result.ok) return new Page('deliberation/volunteer', { ...(await this.queries.forVolunteer(principal, slug, round)), values: {}, problems: result.problems }, result.status);
    return new Redirect(`/funds/${slug}/rounds/${round}/panel`);
  }

  // --- panellists ---

  @Get('panel')
  @RequirePermission(TAKE_PART)
  async mine(@CurrentPrincipal() principal: Principal): Promise<Page> {
    return new Page('deliberation/my-panels', await this.queries.mine(principal));
  }

  @Post(`${SEAT}/response`)
  @RequirePermission(TAKE_PART)
  async respond(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const status = text(body.status);
    const result = await attempt(() => this.members.respond({ accountId: principal.accountId, roundId, status: status as 'accepted' }), 'status');
    if (!result.ok) return new Page('deliberation/my-panels', { ...(await this.queries.mine(principal)), problems: result.problems }, result.status);
    return new Redirect(status === 'accepted' ? `/panel/rounds/${roundId}` : '/panel');
  }

  @Get(SEAT)
  @RequirePermission(TAKE_PART)
  async home(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<Page> {
    return new Page('deliberation/panellist-home', { home: await this.queries.panellistHome(principal, roundId), kinds: CONFLICT_KINDS, values: {} });
  }

  @Post(`${SEAT}/conflicts`)
  @RequirePermission(TAKE_PART)
  async declare(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const kinds = prefixed(body, 'conflict');
    const details = prefixed(body, 'detail');
    const declarations = Object.entries(kinds).map(([applicationId, kind]) => ({ applicationId, kind, detail: details[applicationId] ?? '' }));
    const result = await attempt(() => this.conflicts.declare({ accountId: principal.accountId, roundId, declarations }), 'declarations');
    if (!result.ok) return new Page('deliberation/panellist-home', { home: await this.queries.panellistHome(principal, roundId), kinds: CONFLICT_KINDS, values: { kinds, details }, problems: result.problems }, result.status);
    return new Redirect(`/panel/rounds/${roundId}?declared=1`);
  }

  @Get(APPLICATION)
  @RequirePermission(TAKE_PART)
  async application(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string): Promise<Page> {
    return this.applicationPage(principal, roundId, applicationId, {});
  }

  @Post(`${APPLICATION}/score`)
  @RequirePermission(TAKE_PART)
  async score(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const marks = prefixed(body, 'score');
    const result = await attempt(() => this.scoring.execute({ person: principal, roundId, applicationId, marks, comment: text(body.comment) }), 'scores');
    if (!result.ok) return this.applicationPage(principal, roundId, applicationId, { scoreValues: { marks, comment: text(body.comment) }, problems: result.problems.map((p) => ({ ...p, field: p.field.replace('scores.', 'score-') })) }, result.status);
    return new Redirect(`/panel/rounds/${roundId}/applications/${applicationId}?scored=${result.value.complete ? 'complete' : 'draft'}#score`);
  }

  @Post(`${APPLICATION}/posts`)
  @RequirePermission(TAKE_PART)
  async post(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const parentId = text(body.parentId) || undefined;
    const result = await attempt(() => this.discussion.post({ person: principal, roundId, applicationId, body: text(body.body), parentId }), 'body');
    if (!result.ok) return this.applicationPage(principal, roundId, applicationId, { postValues: { body: text(body.body), parentId }, problems: result.problems }, result.status);
    return new Redirect(`/panel/rounds/${roundId}/applications/${applicationId}#post-${result.value}`);
  }

  @Get(`${APPLICATION}/posts/:postId/edit`)
  @RequirePermission(TAKE_PART)
  async showEdit(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string, @Param('postId', new ParseUUIDPipe()) postId: string): Promise<Page> {
    const opened = await this.queries.panellistApplication(principal, roundId, applicationId);
    const post = opened.thread.flatMap((p) => [p, ...p.replies]).find((p) => p.id === postId && p.editable);
    return new Page('deliberation/edit-post', { opened, post, body: post?.body ?? '', minutes: EDIT_WINDOW_MINUTES }, post ? 200 : 403);
  }

  @Post(`${APPLICATION}/posts/:postId/edit`)
  @RequirePermission(TAKE_PART)
  async edit(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string, @Param('postId', new ParseUUIDPipe()) postId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const result = await attempt(() => this.discussion.edit({ person: principal, roundId, applicationId, postId, body: text(body.body) }), 'body');
    if (!result.ok) {
      const opened = await this.queries.panellistApplication(principal, roundId, applicationId);
      const post = opened.thread.flatMap((p) => [p, ...p.replies]).find((p) => p.id === postId);
      return new Page('deliberation/edit-post', { opened, post, body: text(body.body), minutes: EDIT_WINDOW_MINUTES, problems: result.problems }, result.status);
    }
    return new Redirect(`/panel/rounds/${roundId}/applications/${applicationId}#post-${postId}`);
  }

  @Post(`${APPLICATION}/note`)
  @RequirePermission(TAKE_PART)
  async note(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const result = await attempt(() => this.discussion.saveNote({ person: principal, roundId, applicationId, body: text(body.note) }), 'note');
    if (!result.ok) return this.applicationPage(principal, roundId, applicationId, { noteValue: text(body.note), problems: result.problems }, result.status);
    return new Redirect(`/panel/rounds/${roundId}/applications/${applicationId}?noted=1#note`);
  }

  @Post(`${APPLICATION}/questions`)
  @RequirePermission(TAKE_PART)
  async ask(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const result = await attempt(() => this.discussion.ask({ person: principal, roundId, applicationId, question: text(body.question) }), 'question');
    if (!result.ok) return this.applicationPage(principal, roundId, applicationId, { questionValue: text(body.question), problems: result.problems }, result.status);
    return new Redirect(`/panel/rounds/${roundId}/applications/${applicationId}?asked=1#questions`);
  }

  @Get(`${APPLICATION}/scores`)
  @RequirePermission(TAKE_PART)
  async scores(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string): Promise<Page> {
    return new Page('deliberation/panellist-scores', await this.queries.panellistScores(principal, roundId, applicationId));
  }

  @Get(`${APPLICATION}/files/:fileId`)
  @RequirePermission(TAKE_PART)
  async file(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string, @Param('fileId', new ParseUUIDPipe()) fileId: string, @Res() res: Response): Promise<void> {
    const opened = await this.queries.panellistApplication(principal, roundId, applicationId);
    sendFile(res, await this.queries.file(opened.view, fileId));
  }

  private async applicationPage(principal: Principal, roundId: string, applicationId: string, extra: Record<string, unknown>, status = 200): Promise<Page> {
    const opened = await this.queries.panellistApplication(principal, roundId, applicationId);
    return new Page('deliberation/panellist-application', { opened, minutes: EDIT_WINDOW_MINUTES, ...extra }, status);
  }
}
