import type { INestApplicationContext } from '@nestjs/common';
import { createAccount, query } from '@commonpurse/testing';
import { createWorker } from '../../apps/worker/src/create-worker';
import { RemindUnconfirmedUseCase } from '../../libs/voting/src/usecases/remind-unconfirmed/remind-unconfirmed.usecase';
import { eligibleApplications, type ApplicantSetUp } from '../support/applications';
import { fundWithMoney, roundTakingApplications, type FundSetUp, type RoundSetUp } from '../support/funds';
import { deliveryStatus } from '../support/notifications';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { accessToken } from '../support/web-session';

const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
const HOUR = 3600_000;

/** A round whose public vote has just opened (for some weeks), with two shortlisted projects on its ballot. */
async function voteOpen(t: TestApp, name: string): Promise<{ fund: FundSetUp; round: RoundSetUp; applicant: ApplicantSetUp }> {
  const fund = await fundWithMoney(t, `${name} Fund`, ['BS5']);
  const round = await roundTakingApplications(t, fund, { name, postcode: 'BS5 6XY' });
  const applicant = await eligibleApplications(t, fund, round, ['Lunch club', 'Youth music']);
  const send = (token: string, method: 'post' | 'put', path: string, body: object) => t.http()[method](path).auth(token, { type: 'bearer' }).send(body);
  const facilitator = await accessToken(t, await createAccount(t.db.url, { roles: [{ role: 'facilitator' }] }), ['panel:facilitate']);
  await send(fund.manager, 'post', `${round.base}/advance`, { expectedFrom: 'applications' }).expect(200);
  await send(fund.manager, 'post', `${round.base}/advance`, { expectedFrom: 'screening' }).expect(200);
  for (const id of applicant.applicationIds) await send(facilitator, 'put', `${round.base}/panel/decisions/${id}`, { outcome: 'shortlisted', rationale: 'Good' }).expect(204);
  await send(fund.manager, 'post', `${round.base}/advance`, { expectedFrom: 'panel-review' }).expect(200);
  return { fund, round, applicant };
}

/**
 * A day before the public vote closes, the worker's tick reminds the voters who saved choices and
 * did not confirm them: once per round, whatever number of workers look, in each voter's language,
 * never about a paper ballot, and not to those who turned reminders off.
 */
describe('reminding voters who have not confirmed their ballots', () => {
  let t: TestApp;
  let fund: FundSetUp;
  let round: RoundSetUp;
  let applicant: ApplicantSetUp;
  const voters: Record<'drafted' | 'confirmed' | 'changed' | 'unchanged' | 'paper' | 'quiet', { id: string; email: string; token: string }> = {} as never;
  const ballot = () => `/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/ballot`;
  const choose = (...ids: string[]) => ({ choices: ids.map((projectId) => ({ projectId })) });
  const as = (token: string) => ({
    put: (path: string, body: object) => t.http().put(path).auth(token, { type: 'bearer' }).send(body),
    post: (path: string, body: object) => t.http().post(path).auth(token, { type: 'bearer' }).send(body),
  });

  beforeAll(async () => {
    t = await startTestApp({ PHASE_TICK_MS: '200', NOTIFY_RETRY_BASE_MS: '50' });
    ({ fund, round, applicant } = await voteOpen(t, 'Spring 2029'));
    for (const [name, language] of [['drafted', 'en'], ['confirmed', 'en'], ['changed', 'cy'], ['unchanged', 'en'], ['paper', 'en'], ['quiet', 'en']] as const) {
      const account = await createAccount(t.db.url, { postcode: 'BS5 1AA', email: `${name}-voter@example.org`, displayName: `Voter ${name}`, language });
      voters[name] = { id: account.id, email: account.email, token: await accessToken(t, account, ['voting:vote']) };
      await as(voters[name].token).put('/api/v1/voter/date-of-birth', { dateOfBirth: '1985-02-03' }).expect(204);
    }
    await query(t.db.url, `INSERT INTO notification_preferences (account_id, category, enabled) VALUES ($1, 'reminders', false)`, [voters.quiet.id]);
  });
  afterAll(() => t.close());

  it('reminds nobody while the vote has more than a day to run', async () => {
    const [a, b] = applicant.applicationIds;
    await as(voters.drafted.token).put(`${ballot()}/draft`, choose(a)).expect(204);
    await as(voters.quiet.token).put(`${ballot()}/draft`, choose(a)).expect(204);
    await as(voters.confirmed.token).post(ballot(), choose(b)).expect(201);
    // Confirmed, then changed and not confirmed: the earlier ballot still counts.
    await as(voters.changed.token).post(ballot(), choose(a)).expect(201);
    await as(voters.changed.token).put(`${ballot()}/draft`, choose(b)).expect(204);
    // Saved again just as confirmed: nothing is waiting to be confirmed.
    await as(voters.unchanged.token).post(ballot(), choose(b)).expect(201);
    await as(voters.unchanged.token).put(`${ballot()}/draft`, choose(b)).expect(204);
    await as(fund.manager).post(`${round.base}/paper-ballots`, { voterEmail: voters.paper.email, ...choose(a) }).expect(201);

    await new Promise((r) => setTimeout(r, 600)); // a few ticks
    expect(await query(t.db.url, `SELECT * FROM vote_reminders`)).toEqual([]);
    expect(await query(t.db.url, `SELECT * FROM notification_outbox WHERE event_type LIKE 'vote-%'`)).toEqual([]);
  });

  it('tells each voter with an unconfirmed ballot, once, in their language: halfway through a vote shorter than two days', async () => {
    // The fund manager brings the closing forward to half a minute from now: a vote that short is
    // reminded about halfway through (a day before it closes would be before it opened).
    const { phases } = (await t.http().get(round.base).auth(fund.manager, { type: 'bearer' }).expect(200)).body as { phases: Array<{ phase: string; enabled: boolean; opensAt: string; closesAt: string }> };
    const opensAt = phases.find((p) => p.phase === 'public-vote')!.opensAt;
    const closesAt = soon(30_000);
    await as(fund.manager)
      .put(`${round.base}/timeline`, { phases: phases.filter((p) => p.enabled).map(({ phase, opensAt: opens, closesAt: closes }) => ({ phase, opensAt: opens, closesAt: phase === 'public-vote' ? closesAt : closes })) })
      .expect(200);

    const drafted = await until(async () => t.mail.all().find((m) => m.to[0] === voters.drafted.email), 30_000);
    const changed = await until(async () => t.mail.all().find((m) => m.to[0] === voters.changed.email));
    expect(await deliveryStatus(t.db.url, voters.quiet.email, 'skipped')).toBe('skipped');
    const [slugs] = await query<{ fund: string; round: string }>(t.db.url, `SELECT f.slug AS fund, r.slug AS round FROM rounds r JOIN funds f ON f.id = r.fund_id WHERE r.id = $1`, [round.roundId]);
    const link = `/funds/${slugs.fund}/rounds/${slugs.round}/vote/check`;

    expect(drafted.subject).toBe('Your vote is not confirmed yet: Spring 2029');
    const draftedText = drafted.text.replace(/\s+/g, ' ');
    expect(draftedText).toContain('Dear Voter drafted,');
    expect(draftedText).toContain('You started voting in Spring 2029 and saved your choices, but you have not confirmed them. Only confirmed votes are counted');
    expect(draftedText).toContain(`before voting closes on ${new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' }).format(new Date(closesAt))}`);
    expect(drafted.html).toContain(`href="${t.url}${link}"`);
    expect(drafted.headers['list-unsubscribe']).toContain('/unsubscribe');

    expect(changed.subject).toBe('Nid ydych wedi cadarnhau’r newid i’ch pleidlais: Spring 2029');
    const changedText = changed.text.replace(/\s+/g, ' ');
    expect(changedText).toContain('Annwyl Voter changed,');
    expect(changedText).toContain('mae eich pleidlais gynharach yn dal i gyfrif');
    expect(changed.html).toContain(`href="${t.url}${link}"`);

    const [claim] = await query<{ sent_at: Date }>(t.db.url, `SELECT sent_at FROM vote_reminders WHERE round_id = $1`, [round.roundId]);
    expect(claim.sent_at.getTime()).toBeGreaterThanOrEqual((new Date(opensAt).getTime() + new Date(closesAt).getTime()) / 2 - 1_000); // the clocks of Node and Postgres

    // Several workers looking again while the vote is still open, twice each, change nothing; no one else is told.
    const stillOpen = new Date(new Date(closesAt).getTime() - 1_000);
    const workers: INestApplicationContext[] = await Promise.all([createWorker(), createWorker()]);
    try {
      const sent = await Promise.all(workers.flatMap((w) => [w.get(RemindUnconfirmedUseCase).execute(stillOpen), w.get(RemindUnconfirmedUseCase).execute(stillOpen)]));
      expect(sent).toEqual([0, 0, 0, 0]);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
    expect(await query(t.db.url, `SELECT round_id, recipients FROM vote_reminders`)).toEqual([{ round_id: round.roundId, recipients: 3 }]);
    const outbox = await query<{ recipient_address: string; event_type: string }>(t.db.url, `SELECT recipient_address, event_type FROM notification_outbox WHERE event_type LIKE 'vote-%' ORDER BY recipient_address`);
    expect(outbox).toEqual([
      { recipient_address: voters.changed.email, event_type: 'vote-change-unconfirmed' },
      { recipient_address: voters.drafted.email, event_type: 'vote-unconfirmed' },
      { recipient_address: voters.quiet.email, event_type: 'vote-unconfirmed' },
    ]);
    await new Promise((r) => setTimeout(r, 600)); // later ticks
    const reminders = t.mail.all().filter((m) => /vote|pleidlais/i.test(m.subject));
    expect(reminders.map((m) => m.to[0]).sort()).toEqual([voters.changed.email, voters.drafted.email].sort());
  });
});

/** The use case alone, with no worker of the suite's running: the workers below are the only ones, racing. */
describe('reminding voters, with several workers at the same moment', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
  });
  afterAll(() => t.close());

  it('sends one reminder per voter, whichever worker gets there', async () => {
    const { round, applicant } = await voteOpen(t, 'Autumn 2029');
    const account = await createAccount(t.db.url, { postcode: 'BS5 1AA' });
    const token = await accessToken(t, account, ['voting:vote']);
    await t.http().put('/api/v1/voter/date-of-birth').auth(token, { type: 'bearer' }).send({ dateOfBirth: '1985-02-03' }).expect(204);
    await t.http().put(`${round.base}/ballot/draft`).auth(token, { type: 'bearer' }).send({ choices: [{ projectId: applicant.applicationIds[0] }] }).expect(204);
    const [vote] = await query<{ closes_at: Date }>(t.db.url, `SELECT closes_at FROM round_phases WHERE round_id = $1 AND phase = 'public-vote'`, [round.roundId]);
    // As the clock will read twelve hours before the vote closes.
    const due = new Date(vote.closes_at.getTime() - 12 * HOUR);
    expect(await query(t.db.url, `SELECT * FROM vote_reminders`)).toEqual([]);

    const workers: INestApplicationContext[] = await Promise.all([createWorker(), createWorker()]);
    try {
      const sent = await Promise.all(workers.flatMap((w) => [1, 2, 3].map(() => w.get(RemindUnconfirmedUseCase).execute(due))));
      expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
    expect(await query(t.db.url, `SELECT recipients FROM vote_reminders WHERE round_id = $1`, [round.roundId])).toEqual([{ recipients: 1 }]);
    expect(await query(t.db.url, `SELECT recipient_address, event_type FROM notification_outbox WHERE event_type LIKE 'vote-%'`)).toEqual([{ recipient_address: account.email, event_type: 'vote-unconfirmed' }]);
  });
});
