import type { INestApplicationContext } from '@nestjs/common';
import { RecordTransitionsUseCase } from '@commonpurse/funds';
import { createAccount, query } from '@commonpurse/testing';
import { createWorker } from '../../apps/worker/src/create-worker';
import { deliveryStatus } from '../support/notifications';
import { startTestApp, type TestApp } from '../support/test-app';
import { fundWithMoney } from '../support/funds';

const soon = (ms: number) => new Date(Date.now() + ms).toISOString();

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The worker's phase scheduler: phases open by the clock, each transition is recorded once
 * (whatever number of workers run), and residents of the area hear about the phases they can
 * take part in, unless they turned that news off.
 */
describe('the phase scheduler', () => {
  let t: TestApp;
  let manager: string;
  let fundId: string;
  beforeAll(async () => {
    t = await startTestApp({ PHASE_TICK_MS: '200', NOTIFY_RETRY_BASE_MS: '50' });
    ({ manager, fundId } = await fundWithMoney(t, 'Clock Fund', ['BS7']));
  });
  afterAll(() => t.close());

  it('opens co-design on its date, records it as the clock’s doing, and tells the residents of the area', async () => {
    const inside = await createAccount(t.db.url, { postcode: 'BS7 8AA', email: 'inside@example.org' });
    const welsh = await createAccount(t.db.url, { postcode: 'BS7 9BB', email: 'cymraeg@example.org', language: 'cy' });
    const quiet = await createAccount(t.db.url, { postcode: 'BS7 1CC', email: 'quiet@example.org' });
    await query(t.db.url, `INSERT INTO notification_preferences (account_id, category, enabled) VALUES ($1, 'news', false)`, [quiet.id]);
    await createAccount(t.db.url, { postcode: 'CF10 1AA', email: 'outside@example.org' });
    await createAccount(t.db.url, { postcode: 'BS7 2DD', email: 'unconfirmed@example.org', verified: false });

    const round = await t
      .http()
      .post(`/api/v1/funds/${fundId}/rounds`)
      .auth(manager, { type: 'bearer' })
      .send({ name: 'On the clock', budgetPence: 10_000_00, grantMinPence: 100_00, grantMaxPence: 1_000_00, phases: [
        { phase: 'co-design', opensAt: soon(1_500), closesAt: soon(86_400_000) },
        { phase: 'applications', opensAt: soon(86_400_000), closesAt: soon(2 * 86_400_000) },
        { phase: 'public-vote', opensAt: soon(2 * 86_400_000), closesAt: soon(3 * 86_400_000) },
      ] })
      .expect(201);
    expect(round.body.currentPhase).toBeNull();

    const transitions = await until(async () => {
      const rows = (await t.http().get(`/api/v1/funds/${fundId}/rounds/${round.body.id}/transitions`).expect(200)).body as unknown[];
      return rows.length > 0 ? rows : undefined;
    });
    expect(transitions).toEqual([expect.objectContaining({ fromPhase: null, toPhase: 'co-design', by: 'clock' })]);

    await t.mail.waitForCount(2);
    expect(await deliveryStatus(t.db.url, quiet.email, 'skipped')).toBe('skipped');
    const subjects = new Map(t.mail.all().map((m) => [m.to[0], m.subject]));
    expect(subjects.get(inside.email)).toBe('Help decide what Clock Fund is for');
    expect(subjects.get(welsh.email)).toBe('Helpwch i benderfynu at beth mae Clock Fund');
    expect([...subjects.keys()].sort()).toEqual([welsh.email, inside.email].sort());
    const body = t.mail.all().find((m) => m.to[0] === inside.email)!.text;
    expect(body).toContain(`/funds/clock-fund/rounds/on-the-clock`);
    expect(body).toContain('Unsubscribe');
  });

  it('records a due transition exactly once when several workers look at the same moment', async () => {
    const round = await t
      .http()
      .post(`/api/v1/funds/${fundId}/rounds`)
      .auth(manager, { type: 'bearer' })
      .send({ name: 'Many workers', budgetPence: 1_000_00, grantMinPence: 100_00, grantMaxPence: 1_000_00, phases: [{ phase: 'applications', opensAt: soon(-1_000), closesAt: soon(86_400_000) }, { phase: 'public-vote', opensAt: soon(86_400_000), closesAt: soon(2 * 86_400_000) }] })
      .expect(201);
    const workers: INestApplicationContext[] = await Promise.all([createWorker(), createWorker()]);
    try {
      const recorders = workers.map((w) => w.get(RecordTransitionsUseCase));
      await Promise.all([...recorders, ...recorders].map((r) => r.execute()));
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
    const rows = await query(t.db.url, `SELECT from_phase, to_phase, actor_id FROM round_phase_transitions WHERE round_id = $1`, [round.body.id]);
    expect(rows).toEqual([{ from_phase: null, to_phase: 'applications', actor_id: null }]);
  });
});
