import { Module } from '@nestjs/common';
import { AuditModule } from '@commonpurse/audit';
import { FundsJobsModule, FundsModule } from '@commonpurse/funds';
import { IdentityJobsModule, IdentityModule } from '@commonpurse/identity';
import { LedgerModule } from '@commonpurse/ledger';
import { NotificationsModule } from '@commonpurse/notifications';
import { ApplicationsApiController } from './http/applications.api-controller';
import { ApplicationsController } from './http/applications.controller';
import { OrganisationsController } from './http/organisations.controller';
import { ScreeningController } from './http/screening.controller';
import { ApplicationRepository } from './persistence/application.repository';
import { FileStore } from './persistence/file-store';
import { OrganisationRepository } from './persistence/organisation.repository';
import { QuestionRepository } from './persistence/question.repository';
import { ApplicationAccess } from './usecases/application-access';
import { AcceptOfferUseCase } from './usecases/accept-offer/accept-offer.usecase';
import { ApplicationQueries } from './usecases/application-queries';
import { Assessment } from './usecases/assessment';
import { AttachFileUseCase } from './usecases/attach-file/attach-file.usecase';
import { PanelQuestionsUseCase } from './usecases/panel-questions/panel-questions.usecase';
import { ManageOrganisationUseCase } from './usecases/manage-organisation/manage-organisation.usecase';
import { OfferQueries } from './usecases/offer-queries';
import { SeedDemoApplications } from './usecases/seed-demo-applications/seed-demo-applications.usecase';
import { SaveSectionUseCase } from './usecases/save-section/save-section.usecase';
import { ScreenApplicationUseCase } from './usecases/screen-application/screen-application.usecase';
import { StartApplicationUseCase } from './usecases/start-application/start-application.usecase';
import { SubmitApplicationUseCase } from './usecases/submit-application/submit-application.usecase';
import { WithdrawApplicationUseCase } from './usecases/withdraw-application/withdraw-application.usecase';

/** Applications: organisations, the application form section by section, files, submission, screening and the grantee's acceptance of an award's offer. */
@Module({
  imports: [AuditModule, FundsModule, IdentityModule, NotificationsModule, LedgerModule],
  controllers: [ApplicationsController, OrganisationsController, ScreeningController, ApplicationsApiController],
  providers: [
    ApplicationRepository,
    OrganisationRepository,
    QuestionRepository,
    FileStore,
    ApplicationAccess,
    ApplicationQueries,
    Assessment,
    ManageOrganisationUseCase,
    StartApplicationUseCase,
    SaveSectionUseCase,
    AttachFileUseCase,
    SubmitApplicationUseCase,
    WithdrawApplicationUseCase,
    ScreenApplicationUseCase,
    PanelQuestionsUseCase,
    OfferQueries,
    AcceptOfferUseCase,
    SeedDemoApplications,
  ],
  exports: [ApplicationQueries, PanelQuestionsUseCase, OfferQueries, AcceptOfferUseCase, SeedDemoApplications],
})
export class ApplicationsModule {}

/**
 * What the worker's jobs read of applications (a round's eligible ones), without the HTTP side:
 * the API's IdentityModule registers sign-in strategies in passport's one global registry, so it
 * must never be loaded into the worker.
 */
@Module({
  imports: [FundsJobsModule, IdentityJobsModule],
  providers: [ApplicationRepository, OrganisationRepository, FileStore, ApplicationAccess, ApplicationQueries],
  exports: [ApplicationQueries],
})
export class ApplicationsJobsModule {}
