import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { freePort, projectRoot } from '@commonpurse/kernel';
import { createAccount, query } from '@commonpurse/testing';
import { eligibleApplications } from '../support/applications';
import { fundWithMoney, roundTakingApplications } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken } from '../support/web-session';

/**
 * One person, one ballot, with the requests spread over two API processes on one database: the
 * test's own API and the built one run beside it (as two containers behind a load balancer would).
 */
describe('a hundred confirmations across two API processes', () => {
  let t: TestApp;
  let second: ChildProcess | undefined;

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
  });
  afterAll(async () => {
    if (second && second.exitCode === null) second.kill('SIGTERM');
    await t.close();
  });

  it('ends with one ballot and one receipt', async () => {
    const fund = await fundWithMoney(t, 'Two API Fund', ['BS5']);
    const round = await roundTakingApplications(t, fund, { name: 'Summer 2029', postcode: 'BS5 6XY' });
    const { applicationIds } = await eligibleApplications(t, fund, round, ['Lunch club', 'Youth music']);
    const facilitator = await accessToken(t, await createAccount(t.db.url, { roles: [{ role: 'facilitator' }] }), ['panel:facilitate']);
    for (const from of ['applications', 'screening']) await t.http().post(`${round.base}/advance`).auth(fund.manager, { type: 'bearer' }).send({ expectedFrom: from }).expect(200);
    for (const id of applicationIds) await t.http().put(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/panel/decisions/${id}`).auth(facilitator, { type: 'bearer' }).send({ outcome: 'shortlisted', rationale: 'Good' }).expect(204);
    await t.http().post(`${round.base}/advance`).auth(fund.manager, { type: 'bearer' }).send({ expectedFrom: 'panel-review' }).expect(200);
    const voter = await createAccount(t.db.url, { postcode: 'BS5 1AB' });
    const token = await accessToken(t, voter, ['voting:vote']);
    await t.http().put('/api/v1/voter/date-of-birth').auth(token, { type: 'bearer' }).send({ dateOfBirth: '1985-05-05' }).expect(204);

    const port = await freePort();
    second = spawn(process.execPath, [join(projectRoot(), 'dist/apps/api/src/main.js')], { env: { ...process.env, PORT: String(port), LOG_LEVEL: 'silent' }, stdio: ['ignore', 'ignore', 'inherit'] });
    const other = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      const live = await request(other).get('/health/live').then((r) => r.status, () => 0);
      if (live === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }

    const path = `/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/ballot`;
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        request(i % 2 ? other : t.app.getHttpServer())
          .post(path)
          .auth(token, { type: 'bearer' })
          .set('Idempotency-Key', `device-${i % 4}`)
          .send({ choices: [{ projectId: applicationIds[i % 2] }] }),
      ),
    );
    expect(responses.map((r) => r.status).filter((s) => s !== 200 && s !== 201)).toEqual([]);
    expect(responses.filter((r) => r.body.receipt).length).toBe(1);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM ballots WHERE voter_id = $1 AND confirmed_at IS NOT NULL`, [voter.id])).toEqual([{ n: 1 }]);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM ballots`)).toEqual([{ n: 1 }]);
  }, 120_000);
});
