import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevMailReceiver, freePort } from '@commonpurse/kernel';
import { createTestDatabase, testEnv, type TestDatabase } from '@commonpurse/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { createApi } from '../../apps/api/src/create-api';
import { createWorker } from '../../apps/worker/src/create-worker';

export interface TestApp {
  app: NestExpressApplication;
  url: string;
  db: TestDatabase;
  mail: DevMailReceiver;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * The real API on a free port, with a worker in the same process, against a database of its
 * own, the run's Redis and an SMTP receiver on loopback. Configuration arrives the way it does in production: the environment.
 */
export async function startTestApp(env: Record<string, string> = {}, options: { devMailbox?: boolean; worker?: boolean } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const mail = new DevMailReceiver();
  const smtpUrl = await mail.start();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: testEnv('redisUrl'),
    SMTP_URL: smtpUrl,
    QUEUE_PREFIX: `cp-test-${db.name}`,
    // Shared by the API and the worker, as in production (it also keys the outbox's sealed secrets).
    SESSION_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: String(port),
    PUBLIC_URL: url,
    STORAGE_DIR: join(tmpdir(), `commonpurse-${db.name}-uploads`),
    ...env,
  });
  const app = await createApi({ devMailbox: options.devMailbox ? mail : undefined });
  await app.listen(port, '127.0.0.1');
  // Email goes through the outbox, so a worker runs beside the API, as under npm start.
  const worker: INestApplicationContext | undefined = options.worker === false ? undefined : await createWorker();
  return {
    app,
    url,
    db,
    mail,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await worker?.close();
      await app.close();
      await mail.stop();
      await db.drop();
      await rm(join(tmpdir(), `commonpurse-${db.name}-uploads`), { recursive: true, force: true });
    },
  };
}
