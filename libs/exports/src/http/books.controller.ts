import { Readable } from 'node:stream';
import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { FundQueries, parseDayMonthYear } from '@commonpurse/funds';
import { hasPermission } from '@commonpurse/identity';
import { CurrentPrincipal, Page, Permission, RequirePermission, type Principal } from '@commonpurse/kernel';
import { csvHeader, csvRow } from '../domain/three-sixty-giving';
import { BooksQueries } from '../usecases/books-queries';
import { GrantsForExport } from '../usecases/export-grants/grants-for-export';
import { ExportRecorder } from '../usecases/record-export/export-recorder';
import { readPeriod } from './period';

const READ = [Permission.LedgerRead, { type: 'fund', param: 'fundId' }] as const;
const BOOKS = 'manage/funds/:fundId/books';

/**
 * The fund's books for its managers and auditors: where the money is (at any date), its funders,
 * awards and latest postings; the verification report; and the 360Giving file, which goes out
 * only when it passes the schema and the data-quality checks (otherwise the problems are listed).
 */
@ApiExcludeController()
@Controller()
export class BooksController {
  constructor(
    private readonly funds: FundQueries,
    private readonly books: BooksQueries,
    private readonly grants: GrantsForExport,
    private readonly recorder: ExportRecorder,
  ) {}

  /** The funds whose books this person may read; any signed-in account may ask (the list may be empty). */
  @Get('books')
  @RequirePermission(Permission.AccountSelf)
  async index(@CurrentPrincipal() principal: Principal): Promise<Page> {
    const funds = (await this.funds.list()).filter((f) => hasPermission(principal, Permission.LedgerRead, { type: 'fund', id: f.id }));
    return new Page('exports/index', { funds });
  }

  @Get(BOOKS)
  @RequirePermission(...READ)
  async summary(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Query() query: Record<string, unknown>): Promise<Page> {
    // The date comes as three boxes (GOV.UK's date pattern); none filled in means now.
    const parts = { day: String(query['on-day'] ?? '').trim(), month: String(query['on-month'] ?? '').trim(), year: String(query['on-year'] ?? '').trim() };
    const asked = parts.day || parts.month || parts.year;
    const parsed = asked ? parseDayMonthYear(parts.day, parts.month, parts.year) : null;
    const on = parsed?.ok ? parsed.date : undefined;
    const b = { ...(await this.books.summary(fundId, on)), onParts: parts };
    const problems = asked && !parsed?.ok ? [{ field: 'on-day', problem: 'exports.period.notReal' }] : [];
    // Managers get links to the money actions (auditors read the same page without them).
    const canManage = hasPermission(principal, Permission.FundsManage, { type: 'fund', id: fundId }) && !(await this.books.isClosed(fundId));
    return new Page('exports/books', { b, problems, canManage }, problems.length ? 400 : 200);
  }

  @Get(`${BOOKS}/verification`)
  @RequirePermission(...READ)
  async verification(@Param('fundId', new ParseUUIDPipe()) fundId: string): Promise<Page> {
    return new Page('exports/verification', { v: await this.books.verify(fundId) });
  }

  @Get(`${BOOKS}/verification.json`)
  @RequirePermission(...READ)
  async verificationJson(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Res() res: Response): Promise<void> {
    const report = await this.books.verify(fundId);
    await this.recorder.stream(res, { kind: 'verification', format: 'json', scope: { fundId }, actorId: principal.accountId, filename: `${report.fund.slug}-verification` }, Readable.from([JSON.stringify(report, null, 2)]), () => ({ checks: 1 }));
  }

  @Get(`${BOOKS}/360giving.:format`)
  @RequirePermission(...READ)
  async grantsFile(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('format') format: string,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Page | void> {
    if (format !== 'json' && format !== 'csv') return new Page('errors/404', {}, 404);
    const period = readPeriod(query);
    const built = await this.grants.build(fundId, period);
    if (built.blocked) return new Page('exports/grants-problems', { built, format }, 422);
    await streamGrants(this.recorder, res, principal.accountId, built, format);
  }
}

/** The 360Giving file through the export recorder (manifest, audit), as JSON package or CSV. */
export async function streamGrants(recorder: ExportRecorder, res: Response, actorId: string, built: Awaited<ReturnType<GrantsForExport['build']>>, format: 'json' | 'csv'): Promise<void> {
  const body = format === 'json' ? Readable.from([JSON.stringify(built.package, null, 2)]) : Readable.from([csvHeader(), ...built.grants.map(csvRow)]);
  const scope = { fundId: built.fund.id, from: built.from, to: built.to };
  await recorder.stream(res, { kind: '360giving', format, scope, actorId, filename: `${built.fund.slug}-360giving` }, body, () => ({ grants: built.grants.length }));
}
