import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { parseDayMonthYear, startOfUkDay, nextDay } from '@commonpurse/funds';
import { CurrentPrincipal, Page, Permission, Redirect, RequirePermission, attempt, isUuid, type Principal } from '@commonpurse/kernel';
import { decisionsFor, STATUSES, type Decision, type Status } from '../domain/application-status';
import { ApplicationQueries } from '../usecases/application-queries';
import { AttachFileUseCase } from '../usecases/attach-file/attach-file.usecase';
import { ScreenApplicationUseCase } from '../usecases/screen-application/screen-application.usecase';
import { applicationsCsv } from './applications-csv';
import { sendFile } from './download';
import { text } from './section-forms';

const MANAGE = [Permission.FundsManage, { type: 'fund', param: 'fundId' }] as const;
const BASE = 'manage/funds/:fundId/rounds/:roundId/applications';

/** The fund manager's side of applications: the list with filters and a CSV export, each application in full, and screening it. */
@ApiExcludeController()
@Controller()
export class ScreeningController {
  constructor(
    private readonly queries: ApplicationQueries,
    private readonly screen: ScreenApplicationUseCase,
    private readonly files: AttachFileUseCase,
  ) {}

  @Get(BASE)
  @RequirePermission(...MANAGE)
  async list(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Query() query: Record<string, unknown>): Promise<Page> {
    const filters = listFilters(query);
    return new Page('applications/manage-list', { ...(await this.queries.list(fundId, roundId, filters)), filters, statuses: STATUSES.filter((s) => s !== 'draft') });
  }

  @Get(`${BASE}.csv`)
  @RequirePermission(...MANAGE)
  async csv(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const { round, applications } = await this.queries.list(fundId, roundId, listFilters(query));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${round.slug}-applications.csv"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.status(200).send(applicationsCsv(round, applications));
  }

  @Get(`${BASE}/:applicationId`)
  @RequirePermission(...MANAGE)
  async show(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string): Promise<Page> {
    const view = await this.queries.forManager(fundId, roundId, applicationId);
    return new Page('applications/manage-application', { view, values: {}, decisions: decisionsFor(view.application.stage) });
  }

  @Post(`${BASE}/:applicationId/screening`)
  @RequirePermission(...MANAGE)
  async decide(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('applicationId', new ParseUUIDPipe()) applicationId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<Page | Redirect> {
    const decision = text(body.decision) as Decision;
    const until = parseDayMonthYear(text(body['infoUntil-day']), text(body['infoUntil-month']), text(body['infoUntil-year']));
    const problems = decision === 'needs-info' && !until.ok ? [{ field: 'infoUntil', problem: `applications.screening.infoUntilProblem.${until.problem}` }] : [];
    // "Until" a day means to the end of it, UK time.
    const infoUntil = decision === 'needs-info' && until.ok ? startOfUkDay(nextDay(until.date)) : null;
    const result = problems.length
      ? { ok: false as const, problems, status: 400 }
      : await attempt(() => this.screen.execute({ actorId: principal.accountId, fundId, roundId, applicationId, decision, reason: text(body.reason), infoUntil, seenUpdatedAt: seen(body.seen) }), 'decision');
    if (!result.ok) {
      const values = { decision, reason: text(body.reason), infoUntil: { day: text(body['infoUntil-day']), month: text(body['infoUntil-month']), year: text(body['infoUntil-year']) } };
      const view = await this.queries.forManager(fundId, roundId, applicationId);
      return new Page('applications/manage-application', { view, values, decisions: decisionsFor(view.application.stage), problems: result.problems }, result.status);
    }
    return new Redirect(`/manage/funds/${fundId}/rounds/${roundId}/applications/${applicationId}#decision`);
  }

  @Get(`${BASE}/:applicationId/files/:fileId`)
  @RequirePermission(...MANAGE)
  async download(
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('applicationId', new ParseUUIDPipe()) applicationId: string,
    @Param('fileId', new ParseUUIDPipe()) fileId: string,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.queries.forManager(fundId, roundId, applicationId);
    sendFile(res, await this.files.read(view.files, fileId));
  }
}

/** When the application on the officer's page was last changed (a hidden field of the form). */
function seen(value: unknown): Date | undefined {
  const date = new Date(text(value));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function listFilters(query: Record<string, unknown>) {
  const status = text(query.status);
  const id = (value: unknown) => (isUuid(text(value)) ? text(value) : undefined);
  return {
    status: (STATUSES as readonly string[]).includes(status) ? (status as Status) : undefined,
    lotId: id(query.lot),
    criterionId: id(query.priority),
    areaCode: /^[A-Z0-9]{2,9}$/.test(text(query.area)) ? text(query.area) : undefined,
    search: text(query.q).trim().slice(0, 100) || undefined,
  };
}
