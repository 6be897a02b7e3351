import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { AppConfig, DevMailReceiver, loadConfig, pingRedis, projectRoot, redisServerInstalled, startEmbeddedPostgres, startPrivateRedis } from '@commonpurse/kernel';
import { createApi } from '../../../api/src/create-api';
import { createWorker } from '../../../worker/src/create-worker';
import { runMigrations } from './migrate.command';
import { formatSignIns, seedDemo } from './seed.command';

type Stop = () => Promise<unknown>;

/**
 * `npm start`: the whole product on one machine with nothing set up. Whatever is not
 * configured is started here (embedded PostgreSQL, a private Redis, an SMTP receiver),
 * then migrations, the demo seed, the API and an in-process worker. Ctrl-C stops it all.
 */
export async function start(say: (line: string) => void): Promise<void> {
  const varDir = join(projectRoot(), 'var');
  const stops: Stop[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stopAll().then(() => process.exit(0)));

  process.env.LOG_LEVEL ??= 'warn'; // keep the terminal for the banner; set LOG_LEVEL=info for request logs
  try {
    const initial = loadConfig();
    const notes: string[] = [];

    if (!initial.databaseUrl) {
      say('Starting the embedded PostgreSQL…');
      const postgres = await startEmbeddedPostgres(varDir, say);
      stops.push(() => postgres.stop());
      process.env.DATABASE_URL = postgres.url;
      notes.push(`Database     embedded PostgreSQL, data in ${postgres.dataDir}`);
    } else {
      notes.push('Database     DATABASE_URL');
    }

    let redisUp = await pingRedis(initial.redisUrl);
    if (!redisUp && redisServerInstalled()) {
      const redis = await startPrivateRedis(varDir);
      stops.push(() => redis.stop());
      process.env.REDIS_URL = redis.url;
      redisUp = true;
      notes.push(`Redis        private redis-server at ${redis.url}`);
    } else {
      notes.push(redisUp ? `Redis        ${initial.redisUrl}` : 'Redis        not available: pages work, background jobs wait (see /health/ready)');
    }

    let mailbox: DevMailReceiver | undefined;
    if (!initial.smtpUrl) {
      mailbox = new DevMailReceiver();
      process.env.SMTP_URL = await mailbox.start();
      stops.push(() => mailbox!.stop());
    }

    const config = loadConfig();
    const applied = await runMigrations(config.databaseUrl!);
    if (applied.length) say(`Applied ${applied.length} migration(s): ${applied.join(', ')}`);
    const seeded = await seedDemo();

    const api = await createApi({ devMailbox: mailbox });
    stops.push(() => api.close());
    await api.listen(config.port, '127.0.0.1');
    const url = api.get(AppConfig).publicUrl;

    let worker: INestApplicationContext | undefined;
    if (redisUp) {
      worker = await createWorker();
      stops.push(() => worker!.close());
    }

    say('');
    say(`Commonpurse is running at ${url}`);
    say('');
    notes.forEach((note) => say(`  ${note}`));
    say(`  Email        ${mailbox ? `caught by a local SMTP receiver: ${url}/dev/mailbox` : 'SMTP_URL'}`);
    say(`  Worker       ${worker ? 'running in this process' : 'not started (no Redis)'}`);
    say(`  Demo fund    ${url}/funds/${seeded.fund.slug}`);
    say(`  API docs     ${url}/api/docs`);
    say('');
    say('Demo sign-ins (role, email):');
    say(formatSignIns(seeded));
    say('');
    say('Press Ctrl-C to stop.');
  } catch (error) {
    await stopAll();
    throw error;
  }
}
