import { freePort } from '@commonpurse/kernel';
import { createAccount } from '@commonpurse/testing';
import { startTestApp, type TestApp } from '../support/test-app';
import { WebSession } from '../support/web-session';

describe('health checks', () => {
  describe('with Postgres and Redis up', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('answers liveness', async () => {
      await t.http().get('/health').expect(200, { status: 'ok' });
    });

    it('reports both dependencies up', async () => {
      const response = await t.http().get('/health/ready').expect(200);
      expect(response.body).toMatchObject({ status: 'ok', checks: { postgres: { status: 'up' }, redis: { status: 'up' } } });
    });
  });

  describe('with Redis down', () => {
    let t: TestApp;
    beforeAll(async () => {
      // Nothing listens on this port: Redis is "down" for this app.
      t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` }, { worker: false });
    });
    afterAll(() => t.close());

    it('still serves pages and reports Redis as down without failing readiness', async () => {
      await t.http().get('/').expect(200);
      const response = await t.http().get('/health/ready').expect(200);
      expect(response.body).toMatchObject({ status: 'degraded', checks: { postgres: { status: 'up' }, redis: { status: 'down' } } });
      expect(Object.keys(response.body.checks.redis).sort()).toEqual(['latencyMs', 'status']); // no internal detail to the public
    });

    it('keeps what is to be sent in the outbox, and shows the backlog', async () => {
      const account = await createAccount(t.db.url);
      await new WebSession(t).submit('/forgotten-password', { email: account.email });
      const response = await t.http().get('/health/ready').expect(200);
      expect(response.body.outbox).toEqual({ pending: 1, oldestSeconds: expect.any(Number) });
    });
  });
});
