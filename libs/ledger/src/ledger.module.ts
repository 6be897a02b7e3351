import { Module } from '@nestjs/common';
import { AuditModule } from '@commonpurse/audit';
import { LedgerApiController } from './http/ledger.api-controller';
import { LedgerRepository } from './persistence/ledger.repository';
import { CommitAwardsUseCase } from './usecases/commit-awards/commit-awards.usecase';
import { LedgerQueries } from './usecases/ledger-queries';
import { LedgerPoster } from './usecases/post-to-ledger/ledger-poster';
import { RecordPaymentUseCase } from './usecases/record-payment/record-payment.usecase';
import { ReturnMoneyUseCase } from './usecases/return-money/return-money.usecase';
import { ReverseTransactionUseCase } from './usecases/reverse-transaction/reverse-transaction.usecase';

/**
 * The allocation ledger: double-entry, append-only, hash-chained books per fund, and the awards.
 * Other modules post into it inside their own transactions (LedgerPoster, CommitAwardsUseCase).
 */
@Module({
  imports: [AuditModule],
  controllers: [LedgerApiController],
  providers: [LedgerRepository, LedgerPoster, LedgerQueries, CommitAwardsUseCase, RecordPaymentUseCase, ReverseTransactionUseCase, ReturnMoneyUseCase],
  exports: [LedgerPoster, LedgerQueries, CommitAwardsUseCase],
})
export class LedgerModule {}
