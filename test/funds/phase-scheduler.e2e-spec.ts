import type { INestApplicationContext } from '@nestjs/common';
import { RecordTransitionsUseCase, RemindBeforeClosingUseCase } from '@commonpurse/funds';
import { createAccount, query } from '@commonpurse/testing';
import { createWorker } from '../../apps/worker/src/create-worker';
import { deliveryStatus } from '../support/notifications';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { fundWithMoney } from '../support/funds';
import { accessToken } from '../support/web-session';

const soon = (ms: number) => new Date(Date.now() + ms).toISOString();

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

  /** Co-design open since yesterday until `days` from now, then applications and the vote. */
  const timeline = (days: number) => [
    { phase: 'co-design', opensAt: soon(-86_400_000), closesAt: soon(days * 86_400_000) },
    { phase: 'applications', opensAt: soon(days * 86_400_000), closesAt: soon((days + 1) * 86_400_000) },
    { phase: 'public-vote', opensAt: soon((days + 1) * 86_400_000), closesAt: soon((days + 2) * 86_400_000) },
  ];

  it('reminds the residents who took part and still have dots, once, two days before co-design closes', async () => {
    const round = await t
      .http()
      .post(`/api/v1/funds/${fundId}/rounds`)
      .auth(manager, { type: 'bearer' })
      .send({ name: 'Closing soon', budgetPence: 1_000_00, grantMinPence: 100_00, grantMaxPence: 1_000_00, endorsementDots: 2, phases: timeline(5) })
      .expect(201);
    const base = `/api/v1/funds/${fundId}/rounds/${round.body.id}`;
    const [keen, done, idle] = await Promise.all(['keen', 'done', 'idle'].map((label) => createAccount(t.db.url, { postcode: 'BS7 3EE', email: `${label}-reminder@example.org` })));
    const tokens = await Promise.all([keen, done].map((a) => accessToken(t, a, ['codesign:participate'])));
    const idea = (await t.http().post(`${base}/priorities`).auth(tokens[0], { type: 'bearer' }).send({ title: 'An idea', description: 'why' }).expect(201)).body.id;
    for (let i = 0; i < 2; i++) await t.http().post(`${base}/priorities/${idea}/endorsements`).auth(tokens[1], { type: 'bearer' }).expect(201);
    expect(await query(t.db.url, `SELECT * FROM round_phase_reminders WHERE round_id = $1`, [round.body.id])).toEqual([]); // five days out: not yet
    // The fund manager brings the closing forward to tomorrow: the reminder is due now.
    const opened = round.body.phases.find((p: { phase: string }) => p.phase === 'co-design').opensAt;
    await t.http().put(`${base}/timeline`).auth(manager, { type: 'bearer' }).send({ phases: timeline(1).map((p) => (p.phase === 'co-design' ? { ...p, opensAt: opened } : p)) }).expect(200);

    const reminder = await until(async () => t.mail.all().find((m) => m.to[0] === keen.email && m.subject === 'Co-design closes soon: Closing soon'));
    expect(reminder.text.replace(/\s+/g, ' ')).toContain('you still have endorsement dots to place: 2');
    expect(reminder.headers['list-unsubscribe']).toContain('/unsubscribe');
    // Several workers looking again change nothing: one reminder per round, none for those with no dots left or who never took part.
    const workers: INestApplicationContext[] = await Promise.all([createWorker(), createWorker()]);
    try {
      await Promise.all(workers.map((w) => w.get(RemindBeforeClosingUseCase).execute()));
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
    expect(await query(t.db.url, `SELECT phase, recipients FROM round_phase_reminders WHERE round_id = $1`, [round.body.id])).toEqual([{ phase: 'co-design', recipients: 1 }]);
    const reminded = await query<{ recipient_address: string }>(t.db.url, `SELECT recipient_address FROM notification_outbox WHERE event_type = 'co-design-closing'`);
    expect(reminded.map((r) => r.recipient_address)).toEqual([keen.email]);
    expect(t.mail.all().filter((m) => m.subject.startsWith('Co-design closes soon') && m.to[0] !== keen.email)).toEqual([]);
  });
});

/** The scheduler's own work, with no worker of the suite's running, so that the workers below are the only ones. */
describe('the phase scheduler, with several workers and after an outage', () => {
  let t: TestApp;
  let manager: string;
  let fundId: string;
  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    ({ manager, fundId } = await fundWithMoney(t, 'Outage Fund', ['BS8']));
  });
  afterAll(() => t.close());

  const round = (name: string, phases: Array<{ phase: string; opensAt: string; closesAt: string }>) =>
    t.http().post(`/api/v1/funds/${fundId}/rounds`).auth(manager, { type: 'bearer' }).send({ name, budgetPence: 1_000_00, grantMinPence: 100_00, grantMaxPence: 1_000_00, phases }).expect(201);

  async function withWorkers(work: (recorders: RecordTransitionsUseCase[]) => Promise<unknown>): Promise<void> {
    const workers: INestApplicationContext[] = await Promise.all([createWorker(), createWorker()]);
    try {
      await work(workers.map((w) => w.get(RecordTransitionsUseCase)));
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  }

  it('records a due transition exactly once when several workers look at the same moment', async () => {
    const created = await round('Many workers', [{ phase: 'applications', opensAt: soon(-1_000), closesAt: soon(86_400_000) }, { phase: 'public-vote', opensAt: soon(86_400_000), closesAt: soon(2 * 86_400_000) }]);
    await withWorkers((recorders) => Promise.all([...recorders, ...recorders, ...recorders].map((r) => r.execute())));
    const rows = await query(t.db.url, `SELECT from_phase, to_phase, actor_id FROM round_phase_transitions WHERE round_id = $1`, [created.body.id]);
    expect(rows).toEqual([{ from_phase: null, to_phase: 'applications', actor_id: null }]);
  });

  it('records every phase that came and went while no worker ran, and announces none of the closed ones', async () => {
    const day = 86_400_000;
    const created = await round('After an outage', [
      { phase: 'co-design', opensAt: soon(-30 * day), closesAt: soon(-20 * day) },
      { phase: 'applications', opensAt: soon(-20 * day), closesAt: soon(-1 * day) },
      { phase: 'screening', opensAt: soon(-1 * day), closesAt: soon(5 * day) },
      { phase: 'public-vote', opensAt: soon(5 * day), closesAt: soon(10 * day) },
    ]);
    await createAccount(t.db.url, { postcode: 'BS8 1AA' });
    await withWorkers(([recorder]) => recorder.execute());
    const rows = await query(t.db.url, `SELECT from_phase, to_phase, actor_id FROM round_phase_transitions WHERE round_id = $1 ORDER BY id`, [created.body.id]);
    expect(rows.map((r) => [r.from_phase, r.to_phase, r.actor_id])).toEqual([
      [null, 'co-design', null],
      ['co-design', 'applications', null],
      ['applications', 'screening', null],
    ]);
    expect(await query(t.db.url, `SELECT event_type FROM notification_outbox WHERE event_type IN ('co-design-opened', 'applications-opened')`)).toEqual([]);
  });
});
