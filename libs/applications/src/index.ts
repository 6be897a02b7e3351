export { ApplicationsJobsModule, ApplicationsModule } from './applications.module';
export { ApplicationQueries, type ApplicationView } from './usecases/application-queries';
export { PanelQuestionsUseCase } from './usecases/panel-questions/panel-questions.usecase';
export { OfferQueries, type OfferView } from './usecases/offer-queries';
export { AcceptOfferUseCase, type AcceptOfferCommand } from './usecases/accept-offer/accept-offer.usecase';
export type { QuestionRow } from './persistence/question.repository';
export { MAX_FILE_BYTES } from './domain/file-types';
export { SeedDemoApplications } from './usecases/seed-demo-applications/seed-demo-applications.usecase';
export { sendFile } from './http/download';
