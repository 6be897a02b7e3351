export * from './domain/three-sixty-giving';
export * from './domain/three-sixty-giving-checks';
export { ExportsModule } from './exports.module';
