import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ApplicationsJobsModule, ApplicationsModule } from '@commonpurse/applications';
import { AuditModule } from '@commonpurse/audit';
import { DeliberationJobsModule, DeliberationModule } from '@commonpurse/deliberation';
import { FundsJobsModule, FundsModule } from '@commonpurse/funds';
import { IdentityJobsModule, IdentityModule } from '@commonpurse/identity';
import { QueueName } from '@commonpurse/kernel';
import { LedgerModule } from '@commonpurse/ledger';
import { ScheduleVoteCounting, VoteCounterProcessor } from './jobs/vote-counter.processor';
import { VotingApiController } from './http/voting.api-controller';
import { VotingController } from './http/voting.controller';
import { BallotRepository } from './persistence/ballot.repository';
import { ResultRepository } from './persistence/result.repository';
import { BallotContext } from './usecases/ballot-context';
import { CastBallotUseCase } from './usecases/cast-ballot/cast-ballot.usecase';
import { CountClosedVotesUseCase } from './usecases/count-closed-votes/count-closed-votes.usecase';
import { CountVotesUseCase } from './usecases/count-votes/count-votes.usecase';
import { ConfigureBallotUseCase } from './usecases/configure-ballot/configure-ballot.usecase';
import { DeclareVoterUseCase } from './usecases/declare-voter/declare-voter.usecase';
import { EnterPaperBallotUseCase } from './usecases/enter-paper-ballot/enter-paper-ballot.usecase';
import { PublishedResults } from './usecases/published-results';
import { VotingQueries } from './usecases/voting-queries';

/** The public vote: ballot settings, who may vote, ballots (online and paper) with receipts; the tally engine lives in domain/. */
@Module({
  imports: [AuditModule, FundsModule, IdentityModule, ApplicationsModule, DeliberationModule, LedgerModule],
  controllers: [VotingController, VotingApiController],
  providers: [BallotRepository, ResultRepository, BallotContext, CountVotesUseCase, VotingQueries, ConfigureBallotUseCase, DeclareVoterUseCase, CastBallotUseCase, EnterPaperBallotUseCase, PublishedResults],
  exports: [PublishedResults],
})
export class VotingModule {}

/** The worker's side of the vote: counting each vote once it closes by the clock (the jobs modules of the others: no HTTP, no sign-in). */
@Module({
  imports: [AuditModule, FundsJobsModule, IdentityJobsModule, ApplicationsJobsModule, DeliberationJobsModule, LedgerModule, BullModule.registerQueue({ name: QueueName.Voting })],
  providers: [BallotRepository, ResultRepository, BallotContext, CountVotesUseCase, CountClosedVotesUseCase, VoteCounterProcessor, ScheduleVoteCounting],
})
export class VotingJobsModule {}
