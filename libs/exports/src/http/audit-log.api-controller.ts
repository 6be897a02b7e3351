import { applyDecorators, Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditQueries } from '@commonpurse/audit';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@commonpurse/kernel';
import { ExportRecorder } from '../usecases/record-export/export-recorder';

const PERIOD = applyDecorators(
  ApiQuery({ name: 'from', required: false, description: 'First UK day of the period (YYYY-MM-DD), included' }),
  ApiQuery({ name: 'to', required: false, description: 'Last UK day of the period (YYYY-MM-DD), included' }),
  ApiQuery({ name: 'action', required: false, description: 'Actions starting with this: `ledger`, `funds.create` …' }),
);

/**
 * The whole audit log, every fund's and none: `ledger:read` held without a fund scope (auditors
 * and fund managers whose role is global). A fund's own auditor is refused.
 */
@ApiTags('audit-log')
@ApiBearerAuth()
@Controller('api/v1/audit-log')
export class AuditLogApiController {
  constructor(
    private readonly audit: AuditQueries,
    private readonly recorder: ExportRecorder,
  ) {}

  @Get()
  @PERIOD
  @ApiQuery({ name: 'format', enum: ['csv', 'json'] })
  @ApiProduces('text/csv', 'application/json')
  @ApiHeader({ name: 'X-Export-Id', description: 'In the response: the export, whose manifest (rows, bytes, SHA-256) is at GET /api/v1/exports/:id once the file has ended' })
  @RequirePermission(Permission.LedgerRead)
  async export(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const file = this.audit.export(query, query.format);
    const { from, to, action } = file.filter;
    const request = { kind: 'audit-log' as const, format: file.format, scope: { from, to, action }, actorId: principal.accountId, filename: `audit-log-${from ?? 'start'}-to-${to ?? 'now'}` };
    await this.recorder.stream(res, request, file.body, file.rows);
  }

  /** Newest first, a page at a time (`before` = the previous page's `next`). */
  @Get('entries')
  @PERIOD
  @ApiQuery({ name: 'entityType', required: false })
  @ApiQuery({ name: 'entityId', required: false })
  @ApiQuery({ name: 'actorId', required: false })
  @ApiQuery({ name: 'before', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200; 50 unless asked' })
  @RequirePermission(Permission.LedgerRead)
  async entries(@Query() query: Record<string, unknown>) {
    return this.audit.list(query);
  }

  /** Every row's hash and link recomputed: how many were checked, the first break or null, and the newest row to note down. */
  @Get('verification')
  @RequirePermission(Permission.LedgerRead)
  async verification() {
    return this.audit.verify();
  }
}
