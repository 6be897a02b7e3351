export { ACCOUNT_KINDS, type AccountBalance, type AccountKind, type FundMoney, fundMoney, reconciles } from './domain/accounts';
export { type ChainBreak, transactionHash, verifyChain } from './domain/chain';
export { LedgerException, LedgerRefusal } from './domain/ledger.exception';
export { postings } from './domain/postings';
export { LedgerModule } from './ledger.module';
export type { AwardRow } from './persistence/ledger.repository';
export { CommitAwardsUseCase, type CommitAwardsCommand } from './usecases/commit-awards/commit-awards.usecase';
export { type AwardStanding, LedgerQueries, type LedgerVerification } from './usecases/ledger-queries';
export { LedgerPoster, type Posted } from './usecases/post-to-ledger/ledger-poster';
