import { Module } from '@nestjs/common';
import { ApplicationsModule } from '@commonpurse/applications';
import { AuditModule } from '@commonpurse/audit';
import { DeliberationModule } from '@commonpurse/deliberation';
import { FundsModule } from '@commonpurse/funds';
import { IdentityModule } from '@commonpurse/identity';
import { LedgerModule } from '@commonpurse/ledger';
import { VotingApiController } from './http/voting.api-controller';
import { VotingController } from './http/voting.controller';
import { BallotRepository } from './persistence/ballot.repository';
import { ResultRepository } from './persistence/result.repository';
import { BallotContext } from './usecases/ballot-context';
import { CastBallotUseCase } from './usecases/cast-ballot/cast-ballot.usecase';
import { CountVotesUseCase } from './usecases/count-votes/count-votes.usecase';
import { ConfigureBallotUseCase } from './usecases/configure-ballot/configure-ballot.usecase';
import { DeclareVoterUseCase } from './usecases/declare-voter/declare-voter.usecase';
import { EnterPaperBallotUseCase } from './usecases/enter-paper-ballot/enter-paper-ballot.usecase';
import { VotingQueries } from './usecases/voting-queries';

/** The public vote: ballot settings, who may vote, ballots (online and paper) with receipts; the tally engine lives in domain/. */
@Module({
  imports: [AuditModule, FundsModule, IdentityModule, ApplicationsModule, DeliberationModule, LedgerModule],
  controllers: [VotingController, VotingApiController],
  providers: [BallotRepository, ResultRepository, BallotContext, CountVotesUseCase, VotingQueries, ConfigureBallotUseCase, DeclareVoterUseCase, CastBallotUseCase, EnterPaperBallotUseCase],
})
export class VotingModule {}
