export { ApplicationsModule } from './applications.module';
export { ApplicationQueries } from './usecases/application-queries';
export { MAX_FILE_BYTES } from './domain/file-types';
export { SeedDemoApplications } from './usecases/seed-demo-applications/seed-demo-applications.usecase';
