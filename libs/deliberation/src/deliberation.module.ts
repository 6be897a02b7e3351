import { Module } from '@nestjs/common';
import { ApplicationsModule } from '@commonpurse/applications';
import { AuditModule } from '@commonpurse/audit';
import { FundsModule } from '@commonpurse/funds';
import { IdentityModule } from '@commonpurse/identity';
import { LedgerModule } from '@commonpurse/ledger';
import { NotificationsModule } from '@commonpurse/notifications';
import { FacilitateController } from './http/facilitate.controller';
import { PanelApiController } from './http/panel.api-controller';
import { PanellistController } from './http/panellist.controller';
import { PanelRepository } from './persistence/panel.repository';
import { ReviewRepository } from './persistence/review.repository';
import { AssignReviewersUseCase } from './usecases/assign-reviewers/assign-reviewers.usecase';
import { ConfigurePanelUseCase } from './usecases/configure-panel/configure-panel.usecase';
import { DecideApplicationUseCase } from './usecases/decide-application/decide-application.usecase';
import { DeclareConflictsUseCase } from './usecases/declare-conflicts/declare-conflicts.usecase';
import { DiscussApplicationUseCase } from './usecases/discuss-application/discuss-application.usecase';
import { DrawPanelUseCase } from './usecases/draw-panel/draw-panel.usecase';
import { ManageMembersUseCase } from './usecases/manage-members/manage-members.usecase';
import { PanelAccess } from './usecases/panel-access';
import { PanelQueries } from './usecases/panel-queries';
import { RecordMeetingUseCase } from './usecases/record-meeting/record-meeting.usecase';
import { ScoreApplicationUseCase } from './usecases/score-application/score-application.usecase';
import { ShortlistQueries } from './usecases/shortlist-queries';
import { SeedDemoAwards } from './usecases/seed-demo-awards/seed-demo-awards.usecase';
import { SeedDemoPanel } from './usecases/seed-demo-panel/seed-demo-panel.usecase';
import { VolunteerUseCase } from './usecases/volunteer/volunteer.usecase';

/** The community panel: volunteers, the draw by lot, members, conflicts of interest, who reviews what, discussion, scores and decisions. */
@Module({
  imports: [AuditModule, FundsModule, IdentityModule, NotificationsModule, ApplicationsModule, LedgerModule],
  controllers: [PanellistController, FacilitateController, PanelApiController],
  providers: [
    PanelRepository,
    ReviewRepository,
    PanelAccess,
    PanelQueries,
    ConfigurePanelUseCase,
    VolunteerUseCase,
    DrawPanelUseCase,
    ManageMembersUseCase,
    DeclareConflictsUseCase,
    AssignReviewersUseCase,
    ScoreApplicationUseCase,
    DiscussApplicationUseCase,
    RecordMeetingUseCase,
    DecideApplicationUseCase,
    ShortlistQueries,
    SeedDemoPanel,
    SeedDemoAwards,
  ],
  exports: [ShortlistQueries, SeedDemoPanel, SeedDemoAwards],
})
export class DeliberationModule {}

/** What the worker's jobs read of the panel's work (the shortlist, conflicts), without the HTTP side. */
@Module({
  providers: [ReviewRepository, ShortlistQueries],
  exports: [ShortlistQueries],
})
export class DeliberationJobsModule {}
