import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@commonpurse/kernel';
import { DeliberationErrorCode, DeliberationException } from '../domain/deliberation.exception';
import { AssignReviewersUseCase } from '../usecases/assign-reviewers/assign-reviewers.usecase';
import { ConfigurePanelUseCase } from '../usecases/configure-panel/configure-panel.usecase';
import { DecideApplicationUseCase } from '../usecases/decide-application/decide-application.usecase';
import { DeclareConflictsUseCase } from '../usecases/declare-conflicts/declare-conflicts.usecase';
import { DiscussApplicationUseCase } from '../usecases/discuss-application/discuss-application.usecase';
import { DrawPanelUseCase, drawProblemDetails } from '../usecases/draw-panel/draw-panel.usecase';
import { ManageMembersUseCase } from '../usecases/manage-members/manage-members.usecase';
import { PanelQueries } from '../usecases/panel-queries';
import { ScoreApplicationUseCase } from '../usecases/score-application/score-application.usecase';
import { VolunteerUseCase } from '../usecases/volunteer/volunteer.usecase';
import { AssignDto, CreatedView, DecisionDto, DeclarationsDto, DirectMemberDto, DrawDto, PanelSettingsDto, PostDto, ApplicantQuestionDto, RecordConflictDto, ResponseDto, ScoreDto, ScoringDto, VolunteerDto } from './dto/api.dto';

const FACILITATE = [Permission.PanelFacilitate, { type: 'fund', param: 'fundId' }] as const;
const TAKE_PART = Permission.PanelTakePart;
const MANAGE = 'funds/:fundId/rounds/:roundId/panel';
const SEAT = 'panel/rounds/:roundId';
const APPLICATION = `${SEAT}/applications/:applicationId`;

/**
 * The community panel through the JSON API. Facilitators' endpoints live under the fund's round;
 * panellists' under /panel/rounds, where every read and write of an application checks their
 * seat and declaration first (a conflicted panellist gets 403, never the thread or the scores).
 */
@ApiTags('panel')
@ApiBearerAuth()
@Controller('api/v1')
export class PanelApiController {
  constructor(
    private readonly queries: PanelQueries,
    private readonly configure: ConfigurePanelUseCase,
    private readonly volunteer: VolunteerUseCase,
    private readonly drawPanel: DrawPanelUseCase,
    private readonly members: ManageMembersUseCase,
    private readonly conflicts: DeclareConflictsUseCase,
    private readonly assign: AssignReviewersUseCase,
    private readonly scoring: ScoreApplicationUseCase,
    private readonly discussion: DiscussApplicationUseCase,
    private readonly decide: DecideApplicationUseCase,
  ) {}

  // --- facilitators ---

  @Get(MANAGE)
  @RequirePermission(...FACILITATE)
  async overview(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string) {
    const o = await this.queries.overview(fundId, roundId);
    return {
      panelSize: o.panel.panelSize,
      profileQuestions: o.panel.profileQuestions,
      quotas: o.panel.quotas,
      scoreMax: o.panel.scoreMax,
      scoringClosedAt: o.panel.scoringClosedAt,
      version: o.panel.version,
      volunteers: o.volunteers,
      totals: o.totals,
      draw: o.draw && { seed: o.draw.seed, algorithm: o.draw.algorithm, snapshotSha256: o.draw.snapshotSha256, panel: o.draw.panel, reserves: o.draw.reserves, drawnAt: o.draw.drawnAt },
      members: o.members.map((m) => ({ accountId: m.accountId, name: m.name, number: m.number, source: m.source, status: m.status, note: m.note, replaces: m.replaces })),
    };
  }

  @Put(MANAGE)
  @HttpCode(204)
  @RequirePermission(...FACILITATE)
  async settings(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: PanelSettingsDto): Promise<void> {
    await this.configure.execute({ actorId: principal.accountId, fundId, roundId, panelSize: body.panelSize, profileQuestions: body.profileQuestions, quotas: body.quotas, scoreMax: body.scoreMax ?? 5, seenVersion: body.version });
  }

  @Get(`${MANAGE}/draw`)
  @RequirePermission(...FACILITATE)
  async draw(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string) {
    const { draw } = await this.queries.drawRecord(fundId, roundId);
    if (!draw) throw new DeliberationException(DeliberationErrorCode.NotFound, 'deliberation.draw.notYet');
    return { seed: draw.seed, algorithm: draw.algorithm, snapshot: JSON.parse(draw.snapshot), snapshotSha256: draw.snapshotSha256, panel: draw.panel, reserves: draw.reserves, drawnAt: draw.drawnAt };
  }

  @Post(`${MANAGE}/draw`)
  @RequirePermission(...FACILITATE)
  async makeDraw(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: DrawDto) {
    const outcome = await this.drawPanel.execute({ actorId: principal.accountId, fundId, roundId, seed: body.seed });
    if (!outcome.ok) throw new DeliberationException(DeliberationErrorCode.Invalid, 'deliberation.draw.infeasible', drawProblemDetails(outcome.problems));
    return this.draw(fundId, roundId);
  }

  @Post(`${MANAGE}/members`)
  @RequirePermission(...FACILITATE)
  async addMember(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: DirectMemberDto): Promise<CreatedView> {
    return { id: await this.members.addDirect({ actorId: principal.accountId, fundId, roundId, email: body.email, note: body.note }) };
  }

  @Put(`${MANAGE}/members/:accountId`)
  @HttpCode(204)
  @RequirePermission(...FACILITATE)
  async recordResponse(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('accountId', new ParseUUIDPipe()) accountId: string, @Body() body: ResponseDto): Promise<void> {
    await this.members.record({ actorId: principal.accountId, fundId, roundId, accountId, status: body.status });
  }

  @Post(`${MANAGE}/members/:accountId/replacement`)
  @RequirePermission(...FACILITATE)
  async callReserve(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('accountId', new ParseUUIDPipe()) accountId: string): Promise<CreatedView> {
    return { id: await this.members.callReserve({ actorId: principal.accountId, fundId, roundId, leaving: accountId }) };
  }

  @Post(`${MANAGE}/conflicts`)
  @HttpCode(204)
  @RequirePermission(...FACILITATE)
  async recordConflict(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: RecordConflictDto): Promise<void> {
    await this.conflicts.record({ actorId: principal.accountId, fundId, roundId, accountId: body.accountId, declaration: { applicationId: body.applicationId, kind: body.kind, detail: body.detail ?? '' } });
  }

  @Put(`${MANAGE}/assignments`)
  @RequirePermission(...FACILITATE)
  async assignments(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: AssignDto) {
    return this.assign.execute({ actorId: principal.accountId, fundId, roundId, perApplication: body.perApplication });
  }

  @Get(`${MANAGE}/scores`)
  @RequirePermission(...FACILITATE)
  async scores(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Query('sort') sort?: string) {
    const table = await this.queries.scoresTable(fundId, roundId, sort === 'reference' || sort === 'spread' ? sort : 'score');
    return table.rows.map((r) => ({ applicationId: r.id, reference: r.reference, title: r.title, ...r.aggregate, scores: r.scores.map((s) => ({ accountId: s.accountId, name: s.name, marks: s.marks, total: s.total, comment: s.comment, complete: s.complete })), conflicted: r.conflicted.length, decision: r.decision }));
  }

  @Put(`${MANAGE}/scoring`)
  @HttpCode(204)
  @RequirePermission(...FACILITATE)
  async closeScoring(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: ScoringDto): Promise<void> {
    await this.scoring.setClosed({ actorId: principal.accountId, fundId, roundId, closed: body.closed });
  }

  @Put(`${MANAGE}/decisions/:applicationId`)
  @HttpCode(204)
  @RequirePermission(...FACILITATE)
  async decision(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string, @Body() body: DecisionDto): Promise<void> {
    await this.decide.execute({ actorId: principal.accountId, fundId, roundId, applicationId, outcome: body.outcome, rationale: body.rationale, awardPence: body.awardPence, reason: body.reason, seenVersion: body.version });
  }

  // --- volunteers ---

  @Put(`funds/:fundId/rounds/:roundId/panel/volunteers/me`)
  @HttpCode(204)
  @RequirePermission(TAKE_PART)
  async volunteerMe(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string, @Param('roundId') roundId: string, @Body() body: VolunteerDto): Promise<void> {
    await this.volunteer.execute({ person: principal, fundKey: fundId, roundKey: roundId, answers: body.answers });
  }

  @Delete(`funds/:fundId/rounds/:roundId/panel/volunteers/me`)
  @HttpCode(204)
  @RequirePermission(TAKE_PART)
  async withdraw(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string, @Param('roundId') roundId: string): Promise<void> {
    await this.volunteer.withdraw({ person: principal, fundKey: fundId, roundKey: roundId });
  }

  // --- panellists ---

  @Get(SEAT)
  @RequirePermission(TAKE_PART)
  async home(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string) {
    const home = await this.queries.panellistHome(principal, roundId);
    return { reviewOpen: home.reviewOpen, applications: home.applications.map((a) => ({ id: a.id, reference: a.reference, title: a.title, organisationName: a.organisationName, conflict: a.conflict?.kind ?? null, assigned: a.assigned, scored: a.score?.complete ?? false })) };
  }

  @Put(`${SEAT}/response`)
  @HttpCode(204)
  @RequirePermission(TAKE_PART)
  async respond(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: ResponseDto): Promise<void> {
    await this.members.respond({ accountId: principal.accountId, roundId, status: body.status });
  }

  @Put(`${SEAT}/conflicts`)
  @HttpCode(204)
  @RequirePermission(TAKE_PART)
  async declare(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: DeclarationsDto): Promise<void> {
    await this.conflicts.declare({ accountId: principal.accountId, roundId, declarations: body.declarations.map((d) => ({ applicationId: d.applicationId, kind: d.kind, detail: d.detail ?? '' })) });
  }

  @Get(APPLICATION)
  @RequirePermission(TAKE_PART)
  async application(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string) {
    const opened = await this.queries.panellistApplication(principal, roundId, applicationId);
    const a = opened.view.application;
    return {
      id: a.id,
      reference: a.reference,
      title: a.title,
      summary: a.summary,
      description: a.description,
      amountPence: a.amountPence,
      organisation: opened.view.organisation && { name: opened.view.organisation.name, type: opened.view.organisation.type },
      rubric: opened.rubric,
      score: opened.score && { marks: opened.score.marks, comment: opened.score.comment, complete: opened.score.complete },
      thread: opened.thread.map((p) => ({ id: p.id, author: p.authorName, body: p.removedAt ? null : p.body, removed: !!p.removedAt, createdAt: p.createdAt, replies: p.replies.map((r) => ({ id: r.id, author: r.authorName, body: r.removedAt ? null : r.body, removed: !!r.removedAt, createdAt: r.createdAt })) })),
      questions: opened.questions.map((q) => ({ id: q.id, question: q.question, askedBy: q.askedByName, answer: q.answer, answeredAt: q.answeredAt })),
    };
  }

  @Get(`${APPLICATION}/scores`)
  @RequirePermission(TAKE_PART)
  async applicationScores(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string) {
    const { scored } = await this.queries.panellistScores(principal, roundId, applicationId);
    return { ...scored.aggregate, scores: scored.scores.map((s) => ({ name: s.name, marks: s.marks, total: s.total, comment: s.comment, complete: s.complete })) };
  }

  @Put(`${APPLICATION}/score`)
  @RequirePermission(TAKE_PART)
  async score(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string, @Body() body: ScoreDto) {
    return this.scoring.execute({ person: principal, roundId, applicationId, marks: body.scores, comment: body.comment ?? '' });
  }

  @Post(`${APPLICATION}/posts`)
  @RequirePermission(TAKE_PART)
  async post(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string, @Body() body: PostDto): Promise<CreatedView> {
    return { id: await this.discussion.post({ person: principal, roundId, applicationId, body: body.body, parentId: body.parentId }) };
  }

  @Put(`${APPLICATION}/posts/:postId`)
  @HttpCode(204)
  @RequirePermission(TAKE_PART)
  async editPost(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string, @Param('postId', new ParseUUIDPipe()) postId: string, @Body() body: PostDto): Promise<void> {
    await this.discussion.edit({ person: principal, roundId, applicationId, postId, body: body.body });
  }

  @Post(`${APPLICATION}/questions`)
  @RequirePermission(TAKE_PART)
  async ask(@CurrentPrincipal() principal: Principal, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string, @Body() body: ApplicantQuestionDto): Promise<CreatedView> {
    return { id: await this.discussion.ask({ person: principal, roundId, applicationId, question: body.question }) };
  }
}
