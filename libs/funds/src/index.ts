export { FundsJobsModule, FundsModule } from './funds.module';
export { RecordTransitionsUseCase } from './usecases/record-transitions/record-transitions.usecase';
export { FundQueries } from './usecases/fund-queries';
export { parsePounds } from './domain/money';
export { checkOrganisationIdentifier } from './domain/organisation-identifier';
export { areaIncludes } from './domain/fund-area';
export { SeedDemoFund, DEMO_FUND_SLUG } from './usecases/seed-demo-fund/seed-demo-fund.usecase';
export { RemindBeforeClosingUseCase } from './usecases/remind-before-closing/remind-before-closing.usecase';
