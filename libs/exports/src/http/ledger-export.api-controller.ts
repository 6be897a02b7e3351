import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@commonpurse/kernel';
import { LEDGER_EXPORT_TABLES } from '@commonpurse/ledger';
import { LEDGER_EXPORT_FORMATS } from '../domain/ledger-export-format';
import { ExportLedgerUseCase } from '../usecases/export-ledger/export-ledger.usecase';

/** A fund's ledger as a file, for scripted export with a personal access token (`ledger:read`). */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('api/v1')
export class LedgerExportApiController {
  constructor(private readonly exportLedger: ExportLedgerUseCase) {}

  @Get('funds/:fundId/ledger/export')
  @ApiQuery({ name: 'format', enum: LEDGER_EXPORT_FORMATS })
  @ApiQuery({ name: 'table', enum: LEDGER_EXPORT_TABLES })
  @ApiQuery({ name: 'from', required: false, description: 'Transactions effective on or after this day (YYYY-MM-DD); not for balances' })
  @ApiQuery({ name: 'to', required: false, description: 'Effective on or before this day (YYYY-MM-DD); balances are as at this day, or now' })
  @ApiProduces('text/csv', 'application/json', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description: 'The file, streamed; a period with nothing in it is a file with no rows',
    headers: {
      'X-Export-Id': { description: 'The export: its manifest (rows, bytes, SHA-256) is at GET /api/v1/funds/{fundId}/exports/{id} once the file has ended', schema: { type: 'string', format: 'uuid' } },
      Link: { description: 'The manifest’s address, rel="describedby"', schema: { type: 'string' } },
    },
  })
  @RequirePermission(Permission.LedgerRead, { type: 'fund', param: 'fundId' })
  async export(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    await this.exportLedger.execute(res, { actorId: principal.accountId, fundId, query });
  }
}
