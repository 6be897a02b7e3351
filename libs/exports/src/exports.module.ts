import { Module } from '@nestjs/common';
import { ApplicationsModule } from '@commonpurse/applications';
import { AuditModule } from '@commonpurse/audit';
import { DeliberationModule } from '@commonpurse/deliberation';
import { FundsModule } from '@commonpurse/funds';
import { IdentityModule } from '@commonpurse/identity';
import { LedgerModule } from '@commonpurse/ledger';
import { VotingModule } from '@commonpurse/voting';
import { AuditLogApiController } from './http/audit-log.api-controller';
import { BooksApiController } from './http/books.api-controller';
import { BooksManageController } from './http/books-manage.controller';
import { BooksController } from './http/books.controller';
import { ExportsApiController } from './http/exports.api-controller';
import { LedgerExportApiController } from './http/ledger-export.api-controller';
import { LedgerExportController } from './http/ledger-export.controller';
import { ExportRepository } from './persistence/export.repository';
import { BooksQueries } from './usecases/books-queries';
import { GrantsForExport } from './usecases/export-grants/grants-for-export';
import { ExportLedgerUseCase } from './usecases/export-ledger/export-ledger.usecase';
import { ExportRecorder } from './usecases/record-export/export-recorder';

/**
 * What auditors read and take away: the fund's books and verification report, and exports
 * (ledger, audit log, 360Giving), each streamed with a manifest and recorded in the audit log.
 */
@Module({
  imports: [AuditModule, IdentityModule, FundsModule, ApplicationsModule, DeliberationModule, VotingModule, LedgerModule],
  controllers: [ExportsApiController, AuditLogApiController, BooksController, BooksManageController, BooksApiController, LedgerExportController, LedgerExportApiController],
  providers: [ExportRepository, ExportRecorder, ExportLedgerUseCase, BooksQueries, GrantsForExport],
})
export class ExportsModule {}
