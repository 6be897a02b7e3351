import 'reflect-metadata';
import { AppConfig, ConfigError, loadConfig } from '@commonpurse/kernel';
import { createApi } from './create-api';

/** The production entry: configuration from the environment, an existing database and Redis. */
async function main(): Promise<void> {
  loadConfig(); // fail fast, before Nest starts, with every problem listed
  const app = await createApi();
  // Closes connections cleanly on SIGTERM (npm start handles signals itself, so only here).
  app.enableShutdownHooks();
  const config = app.get(AppConfig);
  await app.listen(config.port);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
