import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppException, CurrentPrincipal, ErrorKind, Permission, RequirePermission, type Principal } from '@commonpurse/kernel';
import { BooksQueries } from '../usecases/books-queries';
import { GrantsForExport } from '../usecases/export-grants/grants-for-export';
import { ExportRecorder } from '../usecases/record-export/export-recorder';
import { streamGrants } from './books.controller';
import { readPeriod } from './period';

const READ = [Permission.LedgerRead, { type: 'fund', param: 'fundId' }] as const;

/** The verification report and the 360Giving file through the JSON API, for scripted audits (personal access tokens with ledger:read). */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('api/v1/funds/:fundId')
export class BooksApiController {
  constructor(
    private readonly books: BooksQueries,
    private readonly grants: GrantsForExport,
    private readonly recorder: ExportRecorder,
  ) {}

  @Get('books/verification')
  @RequirePermission(...READ)
  async verification(@Param('fundId', new ParseUUIDPipe()) fundId: string) {
    return this.books.verify(fundId);
  }

  /** 422 with every problem when the file would not pass the 360Giving schema or a critical data-quality check. */
  @Get('360giving')
  @ApiQuery({ name: 'format', enum: ['json', 'csv'], required: false })
  @ApiQuery({ name: 'from', required: false, description: 'Awards made on or after this day (YYYY-MM-DD)' })
  @ApiQuery({ name: 'to', required: false, description: 'Awards made on or before this day (YYYY-MM-DD)' })
  @RequirePermission(...READ)
  async grantsFile(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const format = query.format ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new AppException('EXPORTS_INVALID', ErrorKind.BadRequest, 'exports.formatInvalid', [{ field: 'format', problem: 'exports.formatInvalid' }]);
    const built = await this.grants.build(fundId, readPeriod(query));
    if (built.blocked) {
      res.status(422);
      return { code: 'EXPORTS_360GIVING_BLOCKED', message: 'The file would not pass 360Giving’s checks', grants: built.grants.length, problems: built.problems };
    }
    await streamGrants(this.recorder, res, principal.accountId, built, format);
  }
}
