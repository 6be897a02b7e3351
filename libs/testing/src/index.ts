export * from './browser';
export * from './database';
export * from './factories';
export * from './services';
