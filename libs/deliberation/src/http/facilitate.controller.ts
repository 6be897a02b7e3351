import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import { sendFile } from '@commonpurse/applications';
import { parseDayMonthYear, parsePounds } from '@commonpurse/funds';
import { CurrentPrincipal, Page, Permission, Redirect, RequirePermission, attempt, type FieldProblem, type Principal } from '@commonpurse/kernel';
import { CONFLICT_KINDS } from '../domain/conflicts';
import { suggestSeed } from '../domain/panel-rules';
import { answersTo, PREFER_NOT_TO_SAY, PROFILE_QUESTION_KEYS } from '../domain/profile-questions';
import { AssignReviewersUseCase } from '../usecases/assign-reviewers/assign-reviewers.usecase';
import { ConfigurePanelUseCase } from '../usecases/configure-panel/configure-panel.usecase';
import { DecideApplicationUseCase } from '../usecases/decide-application/decide-application.usecase';
import { DeclareConflictsUseCase } from '../usecases/declare-conflicts/declare-conflicts.usecase';
import { DiscussApplicationUseCase } from '../usecases/discuss-application/discuss-application.usecase';
import { DrawPanelUseCase } from '../usecases/draw-panel/draw-panel.usecase';
import { ManageMembersUseCase } from '../usecases/manage-members/manage-members.usecase';
import { PanelQueries } from '../usecases/panel-queries';
import { RecordMeetingUseCase } from '../usecases/record-meeting/record-meeting.usecase';
import { ScoreApplicationUseCase } from '../usecases/score-application/score-application.usecase';
import { list, text, whole } from './forms';

const FACILITATE = [Permission.PanelFacilitate, { type: 'fund', param: 'fundId' }] as const;
const BASE = 'manage/funds/:fundId/rounds/:roundId/panel';
const path = (fundId: string, roundId: string, rest = '') => `/manage/funds/${fundId}/rounds/${roundId}/panel${rest}`;

/**
 * The facilitator's pages: the panel's settings and quotas, the volunteers, the draw and its
 * record, members (answers, reserves, direct additions), conflicts, who reviews what, the scores
 * table, each application's discussion and the decision on it, and meetings.
 */
@ApiExcludeController()
@Controller()
export class FacilitateController {
  constructor(
    private readonly queries: PanelQueries,
    private readonly configure: ConfigurePanelUseCase,
    private readonly drawPanel: DrawPanelUseCase,
    private readonly members: ManageMembersUseCase,
    private readonly conflicts: DeclareConflictsUseCase,
    private readonly assign: AssignReviewersUseCase,
    private readonly scoring: ScoreApplicationUseCase,
    private readonly discussion: DiscussApplicationUseCase,
    private readonly decide: DecideApplicationUseCase,
    private readonly meetings: RecordMeetingUseCase,
  ) {}

  @Get(BASE)
  @RequirePermission(...FACILITATE)
  async overview(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<Page> {
    return this.overviewPage(fundId, roundId, {});
  }

  // --- settings ---

  @Get(`${BASE}/settings`)
  @RequirePermission(...FACILITATE)
  async showSettings(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<Page> {
    const o = await this.queries.overview(fundId, roundId);
    const quotas = Object.fromEntries(o.panel.quotas.flatMap((q) => [[`min:${q.category}:${q.value}`, String(q.min)], [`max:${q.category}:${q.value}`, String(q.max)]]));
    return this.settingsPage(o, { panelSize: String(o.panel.panelSize), scoreMax: String(o.panel.scoreMax), profileQuestions: o.panel.profileQuestions, quotas });
  }

  @Post(`${BASE}/settings`)
  @RequirePermission(...FACILITATE)
  async saveSettings(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const o = await this.queries.overview(fundId, roundId);
    const profileQuestions = list(body.profileQuestions);
    const areaCodes = o.round.areas.map((a) => a.code);
    const quotas = PROFILE_QUESTION_KEYS.flatMap((category) => answersTo(category, areaCodes).filter((v) => v !== PREFER_NOT_TO_SAY).map((value) => ({ category, value, min: text(body[`min:${category}:${value}`]), max: text(body[`max:${category}:${value}`]) })));
    const result = await attempt(() => this.configure.execute({ actorId: principal.accountId, fundId, roundId, panelSize: text(body.panelSize), profileQuestions, quotas, scoreMax: text(body.scoreMax), seenVersion: whole(body.version) }), 'panelSize');
    if (!result.ok) {
      const values = { panelSize: text(body.panelSize), scoreMax: text(body.scoreMax), profileQuestions, quotas: Object.fromEntries(quotas.flatMap((q) => [[`min:${q.category}:${q.value}`, q.min], [`max:${q.category}:${q.value}`, q.max]])) };
      return this.settingsPage(o, values, result.problems, result.status);
    }
    return new Redirect(path(fundId, roundId, '?saved=settings'));
  }

  @Get(`${BASE}/volunteers`)
  @RequirePermission(...FACILITATE)
  async volunteers(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<Page> {
    return new Page('deliberation/manage-volunteers', await this.queries.volunteersOf(fundId, roundId));
  }

  // --- the draw ---

  @Post(`${BASE}/draw`)
  @RequirePermission(...FACILITATE)
  async draw(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const seed = text(body.seed);
    const result = await attempt(() => this.drawPanel.execute({ actorId: principal.accountId, fundId, roundId, seed }), 'seed');
    if (!result.ok) return this.overviewPage(fundId, roundId, { seed, problems: result.problems }, result.status);
    if (!result.value.ok) return this.overviewPage(fundId, roundId, { seed, drawProblems: result.value.problems, problems: [] }, 400);
    return new Redirect(path(fundId, roundId, '/draw'));
  }

  @Get(`${BASE}/draw`)
  @RequirePermission(...FACILITATE)
  async drawRecord(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<Page> {
    const record = await this.queries.drawRecord(fundId, roundId);
    return new Page('deliberation/manage-draw', record, record.draw ? 200 : 404);
  }

  /** The draw's input, byte for byte as its SHA-256 was taken: anyone given it and the seed can run the draw again. */
  @Get(`${BASE}/draw/snapshot.json`)
  @RequirePermission(...FACILITATE)
  async snapshot(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Res() res: Response): Promise<void> {
    const { round, draw } = await this.queries.drawRecord(fundId, roundId);
    if (!draw) {
      res.status(404).send('No draw yet');
      return;
    }
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${round.slug}-panel-draw.json"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.status(200).send(draw.snapshot);
  }

  // --- members ---

  @Post(`${BASE}/members`)
  @RequirePermission(...FACILITATE)
  async addMember(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const result = await attempt(() => this.members.addDirect({ actorId: principal.accountId, fundId, roundId, email: text(body.email), note: text(body.note) }), 'email');
    if (!result.ok) return this.overviewPage(fundId, roundId, { memberValues: { email: text(body.email), note: text(body.note) }, problems: result.problems }, result.status);
    return new Redirect(path(fundId, roundId, '?saved=member#members'));
  }

  @Post(`${BASE}/members/:accountId`)
  @RequirePermission(...FACILITATE)
  async recordResponse(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('accountId', new ParseUUIDPipe()) accountId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const action = text(body.action);
    const result = await attempt(
      async () => {
        if (action === 'reserve') await this.members.callReserve({ actorId: principal.accountId, fundId, roundId, leaving: accountId });
        else await this.members.record({ actorId: principal.accountId, fundId, roundId, accountId, status: action as 'accepted' });
      },
      'members',
    );
    if (!result.ok) return this.overviewPage(fundId, roundId, { problems: result.problems.map((p) => ({ ...p, field: 'members' })) }, result.status);
    return new Redirect(path(fundId, roundId, '?saved=member#members'));
  }

  // --- conflicts and assignments ---

  @Get(`${BASE}/conflicts`)
  @RequirePermission(...FACILITATE)
  async showConflicts(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<Page> {
    return new Page('deliberation/manage-conflicts', { ...(await this.queries.conflictsOf(fundId, roundId)), kinds: CONFLICT_KINDS, values: {} });
  }

  @Post(`${BASE}/conflicts`)
  @RequirePermission(...FACILITATE)
  async recordConflict(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const values = { accountId: text(body.accountId), applicationId: text(body.applicationId), kind: text(body.kind), detail: text(body.detail) };
    const problems: FieldProblem[] = [];
    if (!values.accountId) problems.push({ field: 'accountId', problem: 'deliberation.conflicts.panellistRequired' });
    if (!values.applicationId) problems.push({ field: 'applicationId', problem: 'deliberation.conflicts.applicationRequired' });
    const result = problems.length
      ? { ok: false as const, problems, status: 400 }
      : await attempt(() => this.conflicts.record({ actorId: principal.accountId, fundId, roundId, accountId: values.accountId, declaration: { applicationId: values.applicationId, kind: values.kind, detail: values.detail } }), 'kind');
    if (!result.ok) {
      const mapped = result.problems.map((p) => ({ ...p, field: p.field.startsWith('conflict-') ? 'kind' : p.field.startsWith('detail-') ? 'detail' : p.field }));
      return new Page('deliberation/manage-conflicts', { ...(await this.queries.conflictsOf(fundId, roundId)), kinds: CONFLICT_KINDS, values, problems: mapped }, result.status);
    }
    return new Redirect(path(fundId, roundId, '/conflicts?saved=1'));
  }

  @Get(`${BASE}/assignments`)
  @RequirePermission(...FACILITATE)
  async showAssignments(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<Page> {
    return new Page('deliberation/manage-assignments', { ...(await this.queries.assignmentsOf(fundId, roundId)), values: {} });
  }

  @Post(`${BASE}/assignments`)
  @RequirePermission(...FACILITATE)
  async saveAssignments(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: Record<string, unknown>): Promise<Page> {
    const mode = text(body.mode);
    const given = text(body.perApplication).trim();
    const per = mode === 'subset' ? (/^\d+$/.test(given) ? Number(given) : NaN) : undefined;
    const result = await attempt(() => this.assign.execute({ actorId: principal.accountId, fundId, roundId, perApplication: per }), 'perApplication');
    const page = await this.queries.assignmentsOf(fundId, roundId);
    if (!result.ok) return new Page('deliberation/manage-assignments', { ...page, values: { mode, perApplication: given }, problems: result.problems }, result.status);
    return new Page('deliberation/manage-assignments', { ...page, values: { mode, perApplication: given }, saved: true, short: result.value.short });
  }

  // --- scores, decisions, discussion ---

  @Get(`${BASE}/scores`)
  @RequirePermission(...FACILITATE)
  async scores(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Query('sort') sort?: string): Promise<Page> {
    return new Page('deliberation/manage-scores', await this.queries.scoresTable(fundId, roundId, sort === 'reference' || sort === 'spread' ? sort : 'score'));
  }

  @Post(`${BASE}/scoring`)
  @RequirePermission(...FACILITATE)
  async closeScoring(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: Record<string, unknown>): Promise<Redirect> {
    await this.scoring.setClosed({ actorId: principal.accountId, fundId, roundId, closed: text(body.closed) === 'yes' });
    return new Redirect(path(fundId, roundId, '/scores'));
  }

  @Get(`${BASE}/applications/:applicationId`)
  @RequirePermission(...FACILITATE)
  async application(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string): Promise<Page> {
    return this.applicationPage(fundId, roundId, applicationId, {});
  }

  @Post(`${BASE}/applications/:applicationId/decision`)
  @RequirePermission(...FACILITATE)
  async decision(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const values = { outcome: text(body.outcome), rationale: text(body.rationale), reason: text(body.reason), award: text(body.award) };
    const award = values.award.trim() === '' ? { ok: true as const, pence: undefined } : parsePounds(values.award);
    const result = !award.ok
      ? { ok: false as const, problems: [{ field: 'award', problem: 'deliberation.decisions.awardInvalid' }], status: 400 }
      : await attempt(() => this.decide.execute({ actorId: principal.accountId, fundId, roundId, applicationId, outcome: values.outcome, rationale: values.rationale, reason: values.reason, awardPence: award.pence, seenVersion: whole(body.version) }), 'outcome');
    if (!result.ok) return this.applicationPage(fundId, roundId, applicationId, { values, problems: result.problems }, result.status);
    return new Redirect(path(fundId, roundId, `/applications/${applicationId}?decided=1#decision`));
  }

  @Post(`${BASE}/applications/:applicationId/posts/:postId/remove`)
  @RequirePermission(...FACILITATE)
  async removePost(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string, @Param('postId', new ParseUUIDPipe()) postId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const result = await attempt(() => this.discussion.remove({ actorId: principal.accountId, fundId, roundId, applicationId, postId, reason: text(body.reason) }), `reason-${postId}`);
    if (!result.ok) return this.applicationPage(fundId, roundId, applicationId, { values: {}, problems: result.problems.map((p) => ({ ...p, field: `reason-${postId}` })) }, result.status);
    return new Redirect(path(fundId, roundId, `/applications/${applicationId}#post-${postId}`));
  }

  @Get(`${BASE}/applications/:applicationId/files/:fileId`)
  @RequirePermission(...FACILITATE)
  async file(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string, @Param('fileId', new ParseUUIDPipe()) fileId: string, @Res() res: Response): Promise<void> {
    const { view } = await this.queries.facilitatorApplication(fundId, roundId, applicationId);
    sendFile(res, await this.queries.file(view, fileId));
  }

  // --- meetings ---

  @Get(`${BASE}/meetings`)
  @RequirePermission(...FACILITATE)
  async showMeetings(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<Page> {
    return new Page('deliberation/manage-meetings', { ...(await this.queries.meetingsOf(fundId, roundId)), values: { attendees: [] } });
  }

  @Post(`${BASE}/meetings`)
  @RequirePermission(...FACILITATE)
  async recordMeeting(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const day = { day: text(body['heldOn-day']), month: text(body['heldOn-month']), year: text(body['heldOn-year']) };
    const parsed = parseDayMonthYear(day.day, day.month, day.year);
    const values = { heldOn: day, attendees: list(body.attendees), otherAttendees: text(body.otherAttendees), decisions: text(body.decisions), notes: text(body.notes) };
    const result = await attempt(() => this.meetings.execute({ actorId: principal.accountId, fundId, roundId, heldOn: parsed.ok ? parsed.date : null, attendees: values.attendees, otherAttendees: values.otherAttendees, decisions: values.decisions, notes: values.notes }), 'heldOn');
    if (!result.ok) return new Page('deliberation/manage-meetings', { ...(await this.queries.meetingsOf(fundId, roundId)), values, problems: result.problems }, result.status);
    return new Redirect(path(fundId, roundId, '/meetings?saved=1'));
  }

  private async overviewPage(fundId: string, roundId: string, extra: Record<string, unknown>, status = 200): Promise<Page> {
    const o = await this.queries.overview(fundId, roundId);
    return new Page('deliberation/manage-overview', { o, seed: suggestSeed(randomBytes), memberValues: {}, ...extra }, status);
  }

  private settingsPage(o: Awaited<ReturnType<PanelQueries['overview']>>, values: Record<string, unknown>, problems: FieldProblem[] = [], status = 200): Page {
    const areaCodes = o.round.areas.map((a) => a.code);
    const catalogue = PROFILE_QUESTION_KEYS.map((key) => ({ key, answers: answersTo(key, areaCodes).filter((v) => v !== PREFER_NOT_TO_SAY) }));
    return new Page('deliberation/manage-settings', { o, catalogue, values, problems }, status);
  }

  private async applicationPage(fundId: string, roundId: string, applicationId: string, extra: Record<string, unknown>, status = 200): Promise<Page> {
    return new Page('deliberation/manage-application', { ...(await this.queries.facilitatorApplication(fundId, roundId, applicationId)), values: {}, ...extra }, status);
  }
}
