import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AppException, ErrorKind, Permission, RequirePermission } from '@commonpurse/kernel';
import { ExportRepository, type ExportRow } from '../persistence/export.repository';

const notFound = () => new AppException('EXPORTS_NOT_FOUND', ErrorKind.NotFound, 'exports.notFound', [{ field: 'exportId', problem: 'exports.notFound' }]);

/** Export manifests: who exported what and when, each file's row counts, size and SHA-256. */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('api/v1')
export class ExportsApiController {
  constructor(private readonly exports: ExportRepository) {}

  @Get('funds/:fundId/exports/:exportId')
  @RequirePermission(Permission.LedgerRead, { type: 'fund', param: 'fundId' })
  async fundManifest(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('exportId', new ParseUUIDPipe()) exportId: string): Promise<ExportRow> {
    const found = await this.exports.find(exportId);
    if (!found || found.scope.fundId !== fundId) throw notFound();
    return found;
  }

  /** Exports with no fund (the whole audit log): for auditors and fund managers whose role is not limited to one fund. */
  @Get('exports/:exportId')
  @RequirePermission(Permission.LedgerRead)
  async manifest(@Param('exportId', new ParseUUIDPipe()) exportId: string): Promise<ExportRow> {
    const found = await this.exports.find(exportId);
    if (!found || typeof found.scope.fundId === 'string') throw notFound();
    return found;
  }
}
