export { DeliberationModule } from './deliberation.module';
export { SeedDemoPanel } from './usecases/seed-demo-panel/seed-demo-panel.usecase';
export { ShortlistQueries } from './usecases/shortlist-queries';
