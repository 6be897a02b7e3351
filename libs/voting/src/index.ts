export { type Ballot, compareProjectIds, type Election, isRule, type Project, type Rule, RULES } from './domain/election';
export { type BelowThreshold, type BudgetExhausted, type Explanation, type GreedySelected, type MesSelected, type TieNote, type Unaffordable } from './domain/explanation';
export { parsePabulib, writePabulib } from './domain/pabulib';
export { type Add1Completion, allocate, type Comparison, TALLY_ALGORITHM, type TallyOptions, type TallyResult } from './domain/tally';
export { ballotsDigest, resultDigest } from './domain/digest';
export { ELIGIBILITY_LIST_MAX_BYTES } from './domain/council-list';
export { PabulibFormatError, VotingErrorCode, VotingException } from './domain/voting.exception';
export { PublishedResults } from './usecases/published-results';
export { VotingJobsModule, VotingModule } from './voting.module';
