import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { parseDayMonthYear } from '@commonpurse/funds';
import { CurrentPrincipal, Page, Permission, PublicRoute, Redirect, RequirePermission, attempt, type Principal } from '@commonpurse/kernel';
import { DEFAULT_BALLOT } from '../domain/ballot';
import { CastBallotUseCase } from '../usecases/cast-ballot/cast-ballot.usecase';
import { CountVotesUseCase } from '../usecases/count-votes/count-votes.usecase';
import { ConfigureBallotUseCase } from '../usecases/configure-ballot/configure-ballot.usecase';
import { DeclareVoterUseCase } from '../usecases/declare-voter/declare-voter.usecase';
import { EnterPaperBallotUseCase } from '../usecases/enter-paper-ballot/enter-paper-ballot.usecase';
import { KeyPaperBatchUseCase } from '../usecases/key-paper-batch/key-paper-batch.usecase';
import { PaperBatchQueries } from '../usecases/paper-batch-queries';
import { StartPaperBatchUseCase } from '../usecases/start-paper-batch/start-paper-batch.usecase';
import { VotingQueries } from '../usecases/voting-queries';
import { readBallotForm } from './ballot-form';

const VOTE = 'funds/:slug/rounds/:round/vote';
const MANAGE = [Permission.FundsManage, { type: 'fund', param: 'fundId' }] as const;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The vote's pages, all plain form posts: the ballot (with the date-of-birth question for those
 * who have not answered it), checking it, confirming it with a receipt, checking a receipt later;
 * for the fund's managers, the ballot's settings and typing in paper ballots.
 */
@ApiExcludeController()
@Controller()
export class VotingController {
  constructor(
    private readonly queries: VotingQueries,
    private readonly cast: CastBallotUseCase,
    private readonly declare: DeclareVoterUseCase,
    private readonly configure: ConfigureBallotUseCase,
    private readonly paper: EnterPaperBallotUseCase,
    private readonly counting: CountVotesUseCase,
    private readonly batches: PaperBatchQueries,
    private readonly startBatch: StartPaperBatchUseCase,
    private readonly keyBatch: KeyPaperBatchUseCase,
  ) {}

  @Get(VOTE)
  @RequirePermission(Permission.VotingVote)
  async show(@CurrentPrincipal() principal: Principal, @Param('slug') slug: string, @Param('round') round: string): Promise<Page> {
    return this.ballotPage(principal, slug, round, {});
  }

  @Post(`${VOTE}/date-of-birth`)
  @RequirePermission(Permission.VotingVote)
  async dateOfBirth(@CurrentPrincipal() principal: Principal, @Param('slug') slug: string, @Param('round') round: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const given = { day: text(body['dateOfBirth-day']), month: text(body['dateOfBirth-month']), year: text(body['dateOfBirth-year']) };
    const parsed = parseDayMonthYear(given.day, given.month, given.year);
    const result = await attempt(() => this.declare.execute({ accountId: principal.accountId, dateOfBirth: parsed.ok ? parsed.date : null }), 'dateOfBirth');
    if (!result.ok) return this.ballotPage(principal, slug, round, { dateOfBirth: given, problems: result.problems }, result.status);
    return new Redirect(`/funds/${slug}/rounds/${round}/vote`);
  }

  @Post(VOTE)
  @RequirePermission(Permission.VotingVote)
  async save(@CurrentPrincipal() principal: Principal, @Param('slug') slug: string, @Param('round') round: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const lot = text(body.lot);
    const given = readBallotForm((await this.queries.roundForVoter(slug, round)).votingMethod, body);
    const result = await attempt(() => this.cast.saveDraft({ person: principal, fundKey: slug, roundKey: round, lotKey: lot, given }), 'choices');
    if (!result.ok) return this.ballotPage(principal, slug, round, { posted: { lot, given }, problems: result.problems }, result.status);
    return new Redirect(`/funds/${slug}/rounds/${round}/vote/check${lot ? `?lot=${encodeURIComponent(lot)}` : ''}`);
  }

  @Get(`${VOTE}/check`)
  @RequirePermission(Permission.VotingVote)
  async check(@CurrentPrincipal() principal: Principal, @Param('slug') slug: string, @Param('round') round: string, @Query('lot') lot?: string): Promise<Page> {
    const v = await this.queries.forVoter(principal, slug, round);
    const paper = v.papers.find((p) => p.lotKey === (lot ?? ''));
    return new Page('voting/check', { v, paper, ballot: paper ? v.mine[paper.lotKey] : undefined, key: randomUUID() }, paper ? 200 : 404);
  }

  @Post(`${VOTE}/confirm`)
  @RequirePermission(Permission.VotingVote)
  async confirm(@CurrentPrincipal() principal: Principal, @Param('slug') slug: string, @Param('round') round: string, @Body() body: Record<string, unknown>): Promise<Page> {
    const lot = text(body.lot);
    const result = await attempt(() => this.cast.confirm({ person: principal, fundKey: slug, roundKey: round, lotKey: lot, idempotencyKey: text(body.key) }), 'choices');
    if (!result.ok) return this.ballotPage(principal, slug, round, { problems: result.problems }, result.status);
    // Shown, not redirected to: the receipt exists only on this page. Sending the form again is the same confirmation.
    return new Page('voting/confirmed', { round: result.value.round, confirmed: result.value });
  }

  @Get('funds/:slug/rounds/:round/receipt')
  @PublicRoute()
  async receipt(@Param('slug') slug: string, @Param('round') round: string, @Query('code') code?: string): Promise<Page> {
    const found = code !== undefined ? await this.queries.checkReceipt(slug, round, code) : null;
    return new Page('voting/receipt', { round: await this.queries.round(slug, round), code: code ?? '', found, problems: found && !found.valid ? [{ field: 'code', problem: 'voting.receipt.notACode' }] : [] }, found && !found.valid ? 400 : 200);
  }

  @Get('funds/:slug/rounds/:round/results')
  @PublicRoute()
  async results(@Param('slug') slug: string, @Param('round') round: string): Promise<Page> {
    return new Page('voting/results', { r: await this.queries.results(slug, round) });
  }

  /** The anonymised ballots of a paper as published (pabulib): anyone can count them again, and find their receipt's ballot. */
  @Get('funds/:slug/rounds/:round/results/ballots.pb')
  @PublicRoute()
  async ballotFile(@Param('slug') slug: string, @Param('round') round: string, @Query('lot') lot: string | undefined, @Res() res: Response): Promise<void> {
    const found = await this.queries.ballotFile(slug, round, lot ?? '');
    if (!found) {
      res.status(404).type('text').send('No published ballots');
      return;
    }
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${found.slug}${lot ? `-${lot.slice(0, 8)}` : ''}-ballots.pb"`);
    res.status(200).send(found.file);
  }

  @Get('funds/:slug/rounds/:round/results.json')
  @PublicRoute()
  async resultsJson(@Param('slug') slug: string, @Param('round') round: string, @Res() res: Response): Promise<void> {
    const r = await this.queries.results(slug, round);
    res.setHeader('Content-Disposition', `attachment; filename="${r.round.slug}-results.json"`);
    res.status(200).json({
      fund: r.round.fund.name,
      round: r.round.name,
      rule: r.round.allocationRule,
      papers: r.papers.map((p) => ({ lot: p.name, budget: p.row.result.budget, voters: p.row.result.voters, selected: p.row.result.selected, totalCost: p.row.result.totalCost, explanations: p.row.result.explanations, ...(p.row.result.threshold === undefined ? {} : { threshold: p.row.result.threshold }), ...(p.row.result.panel ? { panel: p.row.result.panel } : {}), ballotsSha256: p.row.ballotsSha256, resultSha256: p.row.resultSha256, algorithm: p.row.algorithm, turnout: p.turnout })),
    });
  }

  @Get('funds/:slug/rounds/:round/results.csv')
  @PublicRoute()
  async resultsCsv(@Param('slug') slug: string, @Param('round') round: string, @Res() res: Response): Promise<void> {
    const r = await this.queries.results(slug, round);
    const cell = (v: unknown) => {
      const t = String(v ?? '');
      return /[",\r\n]/.test(t) || /^[=+\-@]/.test(t) ? `"${t.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"` : t;
    };
    // Where the panel's scores weighed in, they are what decided: the columns say so.
    const weighed = r.papers.some((p) => p.row.result.panel);
    const lines = [['Lot', 'Reference', 'Project', 'Amount (GBP)', 'Support', ...(weighed ? ['Panel score', 'Combined score'] : []), 'Funded', 'Reason'].join(',')];
    for (const p of r.papers) {
      for (const e of p.row.result.explanations) {
        const panel = weighed ? [p.row.result.panel?.scores[e.projectId] ?? '', 'combinedScore' in e ? e.combinedScore : ''] : [];
        lines.push([p.name ?? '', p.titles[e.projectId]?.reference ?? '', p.titles[e.projectId]?.title ?? e.projectId, e.cost, e.support, ...panel, e.selected ? 'yes' : 'no', e.reason].map(cell).join(','));
      }
    }
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${r.round.slug}-results.csv"`);
    res.status(200).send(lines.join('\r\n') + '\r\n');
  }

  // --- the fund's managers ---

  @Post('manage/funds/:fundId/rounds/:roundId/vote/count')
  @RequirePermission(...MANAGE)
  async count(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<Page | Redirect> {
    const result = await attempt(() => this.counting.count({ actorId: principal.accountId, fundId, roundId }), 'results');
    if (!result.ok) return this.managePage(fundId, roundId, { problems: result.problems }, result.status);
    return new Redirect(`/manage/funds/${fundId}/rounds/${roundId}/vote?saved=counted#results`);
  }

  @Post('manage/funds/:fundId/rounds/:roundId/vote/publish')
  @RequirePermission(...MANAGE)
  async publish(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const result = await attempt(() => this.counting.publish({ actorId: principal.accountId, fundId, roundId, confirmed: text(body.confirm) === 'yes' }), 'confirm');
    if (!result.ok) return this.managePage(fundId, roundId, { problems: result.problems }, result.status);
    return new Redirect(`/manage/funds/${fundId}/rounds/${roundId}/vote?saved=published#results`);
  }

  @Get('manage/funds/:fundId/rounds/:roundId/vote')
  @RequirePermission(...MANAGE)
  async manage(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<Page> {
    return this.managePage(fundId, roundId, {});
  }

  @Post('manage/funds/:fundId/rounds/:roundId/vote/settings')
  @RequirePermission(...MANAGE)
  async settings(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const whole = (name: string, fallback: number | null) => {
      const value = text(body[name]).trim();
      return value === '' ? fallback : /^\d+$/.test(value) ? Number(value) : NaN;
    };
    const settings = {
      minChoices: whole('minChoices', 0) as number,
      maxChoices: whole('maxChoices', null),
      points: whole('points', DEFAULT_BALLOT.points) as number,
      maxPointsPerProject: whole('maxPointsPerProject', null),
      minSpendPercent: whole('minSpendPercent', 0) as number,
    };
    const version = text(body.version);
    // Only a greedy-threshold round's page asks for a threshold; elsewhere the one kept stays as it is.
    const supportThreshold = body.supportThreshold === undefined ? undefined : whole('supportThreshold', null);
    const result = await attempt(() => this.configure.execute({ actorId: principal.accountId, fundId, roundId, settings, supportThreshold, verification: text(body.verification) || undefined, lotsPerVoter: text(body.lotsPerVoter) || undefined, seenVersion: /^\d+$/.test(version) ? Number(version) : undefined }), 'settings');
    if (!result.ok) return this.managePage(fundId, roundId, { values: body, problems: result.problems }, result.status);
    return new Redirect(`/manage/funds/${fundId}/rounds/${roundId}/vote?saved=settings`);
  }

  @Post('manage/funds/:fundId/rounds/:roundId/vote/paper')
  @RequirePermission(...MANAGE)
  async paperBallot(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: Record<string, unknown>): Promise<Page> {
    const { method } = await this.queries.forManager(fundId, roundId);
    const lot = text(body.lot);
    const result = await attempt(() => this.paper.execute({ actorId: principal.accountId, fundId, roundId, voterEmail: text(body.voterEmail), lotKey: lot, given: readBallotForm(method, body) }), 'voterEmail');
    if (!result.ok) return this.managePage(fundId, roundId, { paperValues: body, problems: result.problems }, result.status);
    return this.managePage(fundId, roundId, { entered: { receipt: result.value.receipt, email: text(body.voterEmail) } });
  }

  /** Batches of paper ballots, each keyed by two people: where each stands, and the forms to start one and key it. */
  @Get('manage/funds/:fundId/rounds/:roundId/vote/batches')
  @RequirePermission(...MANAGE)
  async paperBatches(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<Page> {
    return this.batchesPage(fundId, roundId, {});
  }

  @Post('manage/funds/:fundId/rounds/:roundId/vote/batches')
  @RequirePermission(...MANAGE)
  async startPaperBatch(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const result = await attempt(() => this.startBatch.execute({ actorId: principal.accountId, fundId, roundId, lotKey: text(body.lot), label: text(body.label) }), 'label');
    if (!result.ok) return this.batchesPage(fundId, roundId, { values: body, problems: result.problems }, result.status);
    return new Redirect(`/manage/funds/${fundId}/rounds/${roundId}/vote/batches?saved=started#batch-${result.value.id}`);
  }

  @Post('manage/funds/:fundId/rounds/:roundId/vote/batches/:batchId/keying')
  @RequirePermission(...MANAGE)
  async keyPaperBatch(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('batchId', new ParseUUIDPipe()) batchId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const sheets = text(body.sheets);
    const result = await attempt(() => this.keyBatch.execute({ actorId: principal.accountId, fundId, roundId, batchId, sheets, rekey: text(body.rekey) === 'yes' }), 'sheets');
    if (!result.ok) return this.batchesPage(fundId, roundId, { keying: { batchId, sheets }, problems: result.problems }, result.status);
    return new Redirect(`/manage/funds/${fundId}/rounds/${roundId}/vote/batches?saved=${result.value.status}#batch-${batchId}`);
  }

  @Post('manage/funds/:fundId/rounds/:roundId/vote/batches/:batchId/entry')
  @RequirePermission(...MANAGE)
  async enterPaperBatch(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('batchId', new ParseUUIDPipe()) batchId: string): Promise<Page | Redirect> {
    const result = await attempt(() => this.keyBatch.enter({ actorId: principal.accountId, fundId, roundId, batchId }), 'sheets');
    if (!result.ok) return this.batchesPage(fundId, roundId, { problems: result.problems }, result.status);
    return new Redirect(`/manage/funds/${fundId}/rounds/${roundId}/vote/batches?saved=${result.value.status}#batch-${batchId}`);
  }

  private async ballotPage(principal: Principal, slug: string, round: string, extra: Record<string, unknown>, status = 200): Promise<Page> {
    return new Page('voting/ballot', { v: await this.queries.forVoter(principal, slug, round), ...extra }, status);
  }

  private async managePage(fundId: string, roundId: string, extra: Record<string, unknown>, status = 200): Promise<Page> {
    const m = await this.queries.forManager(fundId, roundId);
    return new Page('voting/manage', { m, results: await this.queries.results(fundId, roundId, true), values: {}, paperValues: {}, ...extra }, status);
  }

  private async batchesPage(fundId: string, roundId: string, extra: Record<string, unknown>, status = 200): Promise<Page> {
    return new Page('voting/paper-batches', { b: await this.batches.forRound(fundId, roundId), values: {}, keying: null, ...extra }, status);
  }
}
