export { DeliberationJobsModule, DeliberationModule } from './deliberation.module';
export { SeedDemoAwards } from './usecases/seed-demo-awards/seed-demo-awards.usecase';
export { SeedDemoPanel } from './usecases/seed-demo-panel/seed-demo-panel.usecase';
export { ShortlistQueries } from './usecases/shortlist-queries';
