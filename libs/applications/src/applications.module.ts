import { Module } from '@nestjs/common';
import { AuditModule } from '@commonpurse/audit';
import { FundsModule } from '@commonpurse/funds';
import { IdentityModule } from '@commonpurse/identity';
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
import { ApplicationQueries } from './usecases/application-queries';
import { Assessment } from './usecases/assessment';
import { AttachFileUseCase } from './usecases/attach-file/attach-file.usecase';
import { PanelQuestionsUseCase } from './usecases/panel-questions/panel-questions.usecase';
import { ManageOrganisationUseCase } from './usecases/manage-organisation/manage-organisation.usecase';
import { SeedDemoApplications } from './usecases/seed-demo-applications/seed-demo-applications.usecase';
import { SaveSectionUseCase } from './usecases/save-section/save-section.usecase';
import { ScreenApplicationUseCase } from './usecases/screen-application/screen-application.usecase';
import { StartApplicationUseCase } from './usecases/start-application/start-application.usecase';
import { SubmitApplicationUseCase } from './usecases/submit-application/submit-application.usecase';
import { WithdrawApplicationUseCase } from './usecases/withdraw-application/withdraw-application.usecase';

/** Applications: organisations, the application form section by section, files, submission and screening. */
@Module({
  imports: [AuditModule, FundsModule, IdentityModule, NotificationsModule],
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
    SeedDemoApplications,
  ],
  exports: [ApplicationQueries, PanelQuestionsUseCase, SeedDemoApplications],
})
export class ApplicationsModule {}
