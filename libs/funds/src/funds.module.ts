import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AuditModule } from '@commonpurse/audit';
import { IdentityJobsModule, IdentityModule } from '@commonpurse/identity';
import { QueueName } from '@commonpurse/kernel';
import { LedgerModule } from '@commonpurse/ledger';
import { NotificationsModule, NotificationsWorkerModule } from '@commonpurse/notifications';
import { CoDesignApiController } from './http/codesign.api-controller';
import { CoDesignManageController } from './http/codesign-manage.controller';
import { CoDesignController } from './http/codesign.controller';
import { FundsApiController } from './http/funds.api-controller';
import { FundsController } from './http/funds.controller';
import { RoundsApiController } from './http/rounds.api-controller';
import { RoundsController } from './http/rounds.controller';
import { PhaseSchedulerProcessor } from './jobs/phase-scheduler.processor';
import { SchedulePhases } from './jobs/schedule-phases';
import { CoDesignRepository } from './persistence/codesign.repository';
import { FundRepository } from './persistence/fund.repository';
import { RoundRepository } from './persistence/round.repository';
import { AdoptCriterionUseCase } from './usecases/adopt-criterion/adopt-criterion.usecase';
import { AdvancePhaseUseCase } from './usecases/advance-phase/advance-phase.usecase';
import { ChangeTimelineUseCase } from './usecases/change-timeline/change-timeline.usecase';
import { CoDesignQueries } from './usecases/codesign-queries';
import { CommentOnPriorityUseCase } from './usecases/comment-on-priority/comment-on-priority.usecase';
import { CreateFundUseCase } from './usecases/create-fund/create-fund.usecase';
import { CreateRoundUseCase } from './usecases/create-round/create-round.usecase';
import { EditQuestionsUseCase } from './usecases/edit-questions/edit-questions.usecase';
import { EndorsePriorityUseCase, WithdrawEndorsementUseCase } from './usecases/endorse-priority/endorse-priority.usecase';
import { FundQueries } from './usecases/fund-queries';
import { ManageFundTeamUseCase } from './usecases/manage-fund-team/manage-fund-team.usecase';
import { MergePrioritiesUseCase } from './usecases/merge-priorities/merge-priorities.usecase';
import { ProposePriorityUseCase } from './usecases/propose-priority/propose-priority.usecase';
import { PublishYouSaidWeDidUseCase } from './usecases/publish-you-said-we-did/publish-you-said-we-did.usecase';
import { SetGrantPrefixUseCase } from './usecases/set-grant-prefix/set-grant-prefix.usecase';
import { RecordContributionUseCase } from './usecases/record-contribution/record-contribution.usecase';
import { PhaseAnnouncements } from './usecases/record-transitions/phase-announcements';
import { PhaseTransitions } from './usecases/record-transitions/phase-transitions';
import { RecordTransitionsUseCase } from './usecases/record-transitions/record-transitions.usecase';
import { RemoveContentUseCase } from './usecases/remove-content/remove-content.usecase';
import { RemindBeforeClosingUseCase } from './usecases/remind-before-closing/remind-before-closing.usecase';
import { ReplaceLotsUseCase } from './usecases/replace-lots/replace-lots.usecase';
import { RoundContext } from './usecases/round-context';
import { RunPollUseCase } from './usecases/run-poll/run-poll.usecase';
import { SeedDemoFund } from './usecases/seed-demo-fund/seed-demo-fund.usecase';
import { UpdateFundUseCase } from './usecases/update-fund/update-fund.usecase';
import { UpdateRoundRulesUseCase } from './usecases/update-round-rules/update-round-rules.usecase';

/** What both processes need to change a round's phase: the repositories and the transition record with its announcements. */
const core = [FundRepository, RoundRepository, CoDesignRepository, RoundContext, PhaseTransitions, PhaseAnnouncements];

/** Funds, their areas and pooled money; rounds with their rules and phases; co-design with residents. For the API process. */
@Module({
  imports: [AuditModule, IdentityModule, NotificationsModule, LedgerModule],
  controllers: [FundsController, FundsApiController, RoundsController, RoundsApiController, CoDesignController, CoDesignManageController, CoDesignApiController],
  providers: [
    ...core,
    FundQueries,
    CoDesignQueries,
    CreateFundUseCase,
    UpdateFundUseCase,
    ManageFundTeamUseCase,
    RecordContributionUseCase,
    SetGrantPrefixUseCase,
    CreateRoundUseCase,
    UpdateRoundRulesUseCase,
    ChangeTimelineUseCase,
    AdvancePhaseUseCase,
    ReplaceLotsUseCase,
    EditQuestionsUseCase,
    ProposePriorityUseCase,
    CommentOnPriorityUseCase,
    EndorsePriorityUseCase,
    WithdrawEndorsementUseCase,
    MergePrioritiesUseCase,
    AdoptCriterionUseCase,
    RunPollUseCase,
    PublishYouSaidWeDidUseCase,
    RemoveContentUseCase,
    SeedDemoFund,
  ],
  exports: [FundQueries, SeedDemoFund, AdvancePhaseUseCase],
})
export class FundsModule {}

/** The phase scheduler and what other workers' jobs read of funds and rounds, for the worker process (no HTTP, no sign-in). */
@Module({
  imports: [AuditModule, IdentityJobsModule, NotificationsWorkerModule, LedgerModule, BullModule.registerQueue({ name: QueueName.Rounds })],
  providers: [...core, FundQueries, RecordTransitionsUseCase, RemindBeforeClosingUseCase, PhaseSchedulerProcessor, SchedulePhases],
  exports: [FundQueries, RecordTransitionsUseCase, RemindBeforeClosingUseCase],
})
export class FundsJobsModule {}
