import 'reflect-metadata';
import { ConfigError, loadConfig } from '@commonpurse/kernel';
import { createWorker } from './create-worker';

async function main(): Promise<void> {
  loadConfig(); // fail fast with every configuration problem listed
  const worker = await createWorker();
  // Finishes the jobs in hand and closes connections on SIGTERM.
  worker.enableShutdownHooks();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
