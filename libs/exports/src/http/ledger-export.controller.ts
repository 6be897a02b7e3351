import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@commonpurse/kernel';
import { ExportLedgerUseCase } from '../usecases/export-ledger/export-ledger.usecase';

/**
 * The ledger downloads the books pages link to, for fund managers and auditors signed in:
 * `?format=csv|json|xlsx&table=entries|transactions|balances&from=YYYY-MM-DD&to=YYYY-MM-DD`.
 */
@ApiExcludeController()
@Controller()
export class LedgerExportController {
  constructor(private readonly exportLedger: ExportLedgerUseCase) {}

  @Get('manage/funds/:fundId/books/export/ledger')
  @RequirePermission(Permission.LedgerRead, { type: 'fund', param: 'fundId' })
  async download(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    await this.exportLedger.execute(res, { actorId: principal.accountId, fundId, query });
  }
}
