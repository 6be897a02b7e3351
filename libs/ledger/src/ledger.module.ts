import { Module } from '@nestjs/common';
import { AuditModule } from '@commonpurse/audit';
import { LedgerApiController } from './http/ledger.api-controller';
import { LedgerExportRepository } from './persistence/ledger-export.repository';
import { LedgerRepository } from './persistence/ledger.repository';
import { AcceptAwardUseCase } from './usecases/accept-award/accept-award.usecase';
import { CloseBooksUseCase } from './usecases/close-books/close-books.usecase';
import { CommitAwardsUseCase } from './usecases/commit-awards/commit-awards.usecase';
import { LedgerQueries } from './usecases/ledger-queries';
import { LedgerPoster } from './usecases/post-to-ledger/ledger-poster';
import { RecordPaymentUseCase } from './usecases/record-payment/record-payment.usecase';
import { ReturnMoneyUseCase } from './usecases/return-money/return-money.usecase';
import { ReverseTransactionUseCase } from './usecases/reverse-transaction/reverse-transaction.usecase';
import { ScheduleTranchesUseCase } from './usecases/schedule-tranches/schedule-tranches.usecase';

/**
 * The allocation ledger: double-entry, append-only, hash-chained books per fund, and the awards.
 * Other modules post into it inside their own transactions (LedgerPoster, CommitAwardsUseCase), and
 * record a grantee's acceptance of an award's offer in theirs (AcceptAwardUseCase).
 */
@Module({
  imports: [AuditModule],
  controllers: [LedgerApiController],
  providers: [CloseBooksUseCase, LedgerRepository, LedgerExportRepository, LedgerPoster, LedgerQueries, CommitAwardsUseCase, RecordPaymentUseCase, ReverseTransactionUseCase, ReturnMoneyUseCase, ScheduleTranchesUseCase, AcceptAwardUseCase],
  exports: [LedgerPoster, LedgerQueries, CommitAwardsUseCase, RecordPaymentUseCase, ScheduleTranchesUseCase, ReverseTransactionUseCase, ReturnMoneyUseCase, AcceptAwardUseCase, LedgerExportRepository],
})
export class LedgerModule {}
