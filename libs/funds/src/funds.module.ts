import { Module } from '@nestjs/common';
import { AuditModule } from '@commonpurse/audit';
import { IdentityModule } from '@commonpurse/identity';
import { FundsApiController } from './http/funds.api-controller';
import { FundsController } from './http/funds.controller';
import { FundRepository } from './persistence/fund.repository';
import { RoundRepository } from './persistence/round.repository';
import { CreateRoundUseCase } from './usecases/create-round/create-round.usecase';
import { CreateFundUseCase } from './usecases/create-fund/create-fund.usecase';
import { FundQueries } from './usecases/fund-queries';
import { RecordContributionUseCase } from './usecases/record-contribution/record-contribution.usecase';
import { SeedDemoFund } from './usecases/seed-demo-fund/seed-demo-fund.usecase';

/** Funds, the areas they serve and the organisations whose money is pooled in them. */
@Module({
  imports: [AuditModule, IdentityModule],
  controllers: [FundsController, FundsApiController],
  providers: [FundRepository, RoundRepository, CreateRoundUseCase, FundQueries, CreateFundUseCase, RecordContributionUseCase, SeedDemoFund],
  exports: [FundQueries, SeedDemoFund],
})
export class FundsModule {}
