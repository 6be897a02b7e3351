import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ApplicationsJobsModule, ApplicationsModule } from '@commonpurse/applications';
import { AuditModule } from '@commonpurse/audit';
import { DeliberationJobsModule, DeliberationModule } from '@commonpurse/deliberation';
import { FundsJobsModule, FundsModule } from '@commonpurse/funds';
import { IdentityJobsModule, IdentityModule } from '@commonpurse/identity';
import { QueueName } from '@commonpurse/kernel';
import { LedgerModule } from '@commonpurse/ledger';
import { NotificationsWorkerModule } from '@commonpurse/notifications';
import { ScheduleVoteCounting, VoteCounterProcessor } from './jobs/vote-counter.processor';
import { VotingApiController } from './http/voting.api-controller';
import { VotingController } from './http/voting.controller';
import { VoterListApiController } from './http/voter-list.api-controller';
import { VoterListController } from './http/voter-list.controller';
import { BallotRepository } from './persistence/ballot.repository';
import { ResultRepository } from './persistence/result.repository';
import { VoteReminderRepository } from './persistence/vote-reminder.repository';
import { VoterListRepository } from './persistence/voter-list.repository';
import { BallotContext } from './usecases/ballot-context';
import { CastBallotUseCase } from './usecases/cast-ballot/cast-ballot.usecase';
import { CountClosedVotesUseCase } from './usecases/count-closed-votes/count-closed-votes.usecase';
import { CountVotesUseCase } from './usecases/count-votes/count-votes.usecase';
import { ConfigureBallotUseCase } from './usecases/configure-ballot/configure-ballot.usecase';
import { DeclareVoterUseCase } from './usecases/declare-voter/declare-voter.usecase';
import { EnterPaperBallotUseCase } from './usecases/enter-paper-ballot/enter-paper-ballot.usecase';
import { KeyPaperBatchUseCase } from './usecases/key-paper-batch/key-paper-batch.usecase';
import { PaperBatchQueries } from './usecases/paper-batch-queries';
import { StartPaperBatchUseCase } from './usecases/start-paper-batch/start-paper-batch.usecase';
import { PaperBatchRepository } from './persistence/paper-batch.repository';
import { PublishedResults } from './usecases/published-results';
import { RemindUnconfirmedUseCase } from './usecases/remind-unconfirmed/remind-unconfirmed.usecase';
import { VotingQueries } from './usecases/voting-queries';
import { ConfirmVoterUseCase } from './usecases/confirm-voter/confirm-voter.usecase';
import { UploadEligibilityListUseCase } from './usecases/upload-eligibility-list/upload-eligibility-list.usecase';

/** The public vote: ballot settings, who may vote, ballots (online and paper) with receipts; the tally engine lives in domain/. */
@Module({
  imports: [AuditModule, FundsModule, IdentityModule, ApplicationsModule, DeliberationModule, LedgerModule],
  controllers: [VotingController, VotingApiController, VoterListController, VoterListApiController],
  providers: [BallotRepository, ResultRepository, VoterListRepository, BallotContext, UploadEligibilityListUseCase, ConfirmVoterUseCase, CountVotesUseCase, VotingQueries, ConfigureBallotUseCase, DeclareVoterUseCase, CastBallotUseCase, EnterPaperBallotUseCase, PaperBatchRepository, StartPaperBatchUseCase, KeyPaperBatchUseCase, PaperBatchQueries, PublishedResults],
  exports: [PublishedResults],
})
export class VotingModule {}

/** The worker's side of the vote: counting each vote once it closes by the clock, and reminding the voters who have not confirmed before it does (the jobs modules of the others: no HTTP, no sign-in). */
@Module({
  imports: [AuditModule, FundsJobsModule, IdentityJobsModule, ApplicationsJobsModule, DeliberationJobsModule, LedgerModule, NotificationsWorkerModule, BullModule.registerQueue({ name: QueueName.Voting })],
  providers: [BallotRepository, ResultRepository, VoterListRepository, BallotContext, CountVotesUseCase, CountClosedVotesUseCase, VoteReminderRepository, RemindUnconfirmedUseCase, VoteCounterProcessor, ScheduleVoteCounting],
})
export class VotingJobsModule {}
