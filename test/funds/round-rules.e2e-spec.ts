import { createAccount, query } from '@commonpurse/testing';
import { fundWithMoney } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken } from '../support/web-session';

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const PHASES = ['co-design', 'applications', 'screening', 'panel-review', 'public-vote', 'results', 'awards'];

/** Every phase on, ten days each, the first opening `startDays` from now. */
const fullTimeline = (startDays: number) => PHASES.map((phase, i) => ({ phase, opensAt: at(startDays + i * 10), closesAt: at(startDays + (i + 1) * 10) }));

/**
 * A round's rules, timeline, lots and form through the API: each rule freezes when the phase that
 * uses it starts, the phase gate follows the timeline for each phase, and moving on by hand is
 * recorded with who did it.
 */
describe('round rules, phases and freezing', () => {
  let t: TestApp;
  let manager: string;
  let managerId: string;
  let resident: string;
  let fundId: string;

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    ({ manager, managerId, fundId } = await fundWithMoney(t, 'Rules Fund', ['E05001979 Ashley', 'BS5']));
    resident = await accessToken(t, await createAccount(t.db.url, { postcode: 'BS5 6XX' }), ['codesign:participate']);
  });
  afterAll(() => t.close());

  const send = (method: 'post' | 'patch' | 'put', path: string, body: object = {}, token = manager) => t.http()[method](path).auth(token, { type: 'bearer' }).send(body);
  async function round(name: string, phases = fullTimeline(-1), extra: object = {}): Promise<string> {
    const created = await send('post', `/api/v1/funds/${fundId}/rounds`, { name, budgetPence: 20_000_00, grantMinPence: 500_00, grantMaxPence: 5_000_00, phases, ...extra }).expect(201);
    return `/api/v1/funds/${fundId}/rounds/${created.body.id}`;
  }

  it('starts a round with default rules and changes them while they are open', async () => {
    const base = await round('Defaults', fullTimeline(5));
    const view = (await t.http().get(base).expect(200)).body;
    expect(view.rules).toEqual({ applicantTypes: expect.arrayContaining(['charity', 'unregistered-group']), votingMethod: 'approval', allocationRule: 'greedy', panelWeightPercent: 0, minimumVoterAge: 16, endorsementDots: 5, twoStage: false });
    expect(view.rules.applicantTypes).not.toContain('individual');
    const changed = await send('patch', base, { votingMethod: 'cumulative', allocationRule: 'greedy-threshold', panelWeightPercent: 50, minimumVoterAge: 12, endorsementDots: 7, applicantTypes: ['charity', 'individual'], budgetPence: 30_000_00 }).expect(200);
    expect(changed.body).toMatchObject({ budgetPence: 30_000_00, rules: { votingMethod: 'cumulative', allocationRule: 'greedy-threshold', panelWeightPercent: 50, minimumVoterAge: 12, endorsementDots: 7, applicantTypes: ['charity', 'individual'] } });
    const [audit] = await query<{ before: { votingMethod: string }; after: { votingMethod: string } }>(t.db.url, `SELECT before, after FROM audit_log WHERE action = 'funds.update-round-rules' AND entity_id = $1`, [changed.body.id]);
    expect([audit.before.votingMethod, audit.after.votingMethod]).toEqual(['approval', 'cumulative']);
  });

  it.each([
    ['Equal Shares with ranked ballots', { votingMethod: 'ranked', allocationRule: 'equalshares' }, 'allocationRule', 'approval or cumulative'],
    ['a voting age of 10', { minimumVoterAge: 10 }, 'minimumVoterAge', 'from 11 to 18'],
    ['no kind of applicant', { applicantTypes: [] }, 'applicantTypes', 'at least one kind'],
    ['an unknown kind of applicant', { applicantTypes: ['pirate'] }, 'applicantTypes.0', ''],
    ['no dots', { endorsementDots: 0 }, 'endorsementDots', 'from 1 to 20'],
    ['a panel weight over 100', { panelWeightPercent: 101 }, 'panelWeightPercent', ''],
    ['a largest grant above the budget', { grantMaxPence: 30_000_00 }, 'grantMaxPence', 'more than the round’s budget'],
    ['a budget above the fund’s unallocated money', { budgetPence: 5_000_000_00 }, 'budgetPence', 'more than the fund has not yet given'],
  ])('refuses %s, naming the field, and changes nothing', async (_label, body, field, message) => {
    const base = await round(`Bad ${field} ${message.length}`, fullTimeline(5));
    const before = (await t.http().get(base).expect(200)).body;
    const response = await send('patch', base, body).expect(400);
    const problem = (response.body.details as Array<{ field: string; problem: string }>).find((d) => d.field === field);
    expect(problem?.problem ?? '').toContain(message);
    expect((await t.http().get(base).expect(200)).body).toEqual(before);
  });

  it('freezes each rule when the phase that uses it starts, saying which phase froze it', async () => {
    const base = await round('Freezing', fullTimeline(-1)); // co-design open now
    const frozenNow = (await t.http().get(base).expect(200)).body.frozen;
    expect(frozenNow).toMatchObject({ endorsementDots: 'co-design', budgetPence: null, lots: null, votingMethod: null });
    const dots = await send('patch', base, { endorsementDots: 9 }).expect(409);
    expect(dots.body).toMatchObject({ message: 'This can no longer change: co-design has started.', details: [{ field: 'endorsementDots' }] });
    await send('patch', base, { budgetPence: 25_000_00 }).expect(200);

    await send('post', `${base}/advance`, { expectedFrom: 'co-design' }).expect(200); // applications open
    for (const body of [{ budgetPence: 26_000_00 }, { grantMinPence: 600_00 }, { applicantTypes: ['charity'] }]) {
      const refused = await send('patch', base, body).expect(409);
      expect(refused.body.message).toBe('This can no longer change: applications have opened.');
    }
    await send('put', `${base}/lots`, { lots: [] }).expect(409);
    await send('post', `${base}/questions`, { type: 'short-text', label: 'Too late', required: true }).expect(409);
    await send('patch', base, { votingMethod: 'knapsack', name: 'Freezing, renamed' }).expect(200); // the vote's rules are still open

    for (const expectedFrom of ['applications', 'screening', 'panel-review']) await send('post', `${base}/advance`, { expectedFrom }).expect(200);
    const vote = await send('patch', base, { votingMethod: 'approval' }).expect(409);
    expect(vote.body.message).toBe('This can no longer change: the public vote has opened.');
    const view = (await t.http().get(base).expect(200)).body;
    expect(view).toMatchObject({ name: 'Freezing, renamed', budgetPence: 25_000_00, currentPhase: 'public-vote', rules: { votingMethod: 'knapsack' } });
  });

  it('opens each phase in turn by hand, gating co-design to its own phase, and records every move with who made it', async () => {
    const base = await round('Every phase', fullTimeline(3));
    const created = (await t.http().get(base).expect(200)).body;
    const proposeStatus = async () => (await send('post', `${base}/priorities`, { title: 'An idea', description: 'why' }, resident)).status;
    expect(await proposeStatus()).toBe(409); // before the round starts

    const seen: Array<[string | null, number]> = [];
    let expectedFrom: string | null = null;
    for (let i = 0; i <= PHASES.length; i++) {
      const moved: { body: { currentPhase: string | null } } = await send('post', `${base}/advance`, { expectedFrom }).expect(200);
      expectedFrom = moved.body.currentPhase;
      seen.push([expectedFrom, await proposeStatus()]);
    }
    expect(seen).toEqual([...PHASES.map((phase) => [phase, phase === 'co-design' ? 201 : 409]), [null, 409]]);
    await send('post', `${base}/advance`, { expectedFrom: null }).expect(409); // nothing left

    const transitions = (await t.http().get(`${base}/transitions`).expect(200)).body as Array<{ fromPhase: string | null; toPhase: string | null; by: string }>;
    expect(transitions.map((tr) => [tr.fromPhase, tr.toPhase, tr.by])).toEqual([null, ...PHASES].map((from, i) => [from, [...PHASES, null][i], 'fund-manager']));
    const actors = await query<{ actor_id: string }>(t.db.url, `SELECT DISTINCT actor_id FROM round_phase_transitions WHERE round_id = $1`, [created.id]);
    expect(actors).toEqual([{ actor_id: managerId }]);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'funds.advance-phase' AND entity_id = $1`, [created.id])).toEqual([{ n: PHASES.length + 1 }]);
  });

  it('refuses a second "move on" sent for the same phase, so a double submit never skips a phase', async () => {
    const base = await round('Double submit', fullTimeline(-1));
    const [first, second] = await Promise.all([send('post', `${base}/advance`, { expectedFrom: 'co-design' }), send('post', `${base}/advance`, { expectedFrom: 'co-design' })]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect((await t.http().get(base).expect(200)).body.currentPhase).toBe('applications');
  });

  it('changes dates of phases to come, and refuses to rewrite the past', async () => {
    const base = await round('Dates', fullTimeline(-1)); // co-design open, the rest to come
    const timeline = (changes: Record<string, { opensAt?: string; closesAt?: string }>) => {
      const current = fullTimeline(-1);
      return { phases: current.map((p) => ({ ...p, ...(changes[p.phase] ?? {}) })) };
    };
    const original = (await t.http().get(base).expect(200)).body.phases;
    const keep = (phase: string) => ({ opensAt: original.find((p: { phase: string }) => p.phase === phase).opensAt });
    // The open phase may close earlier or later; phases to come may move.
    await send('put', `${base}/timeline`, timeline({ 'co-design': { ...keep('co-design'), closesAt: at(8.5) }, awards: { opensAt: at(60), closesAt: at(400) } })).expect(200);
    const moved = (await t.http().get(base).expect(200)).body.phases;
    expect(Date.parse(moved.find((p: { phase: string }) => p.phase === 'awards').closesAt)).toBeCloseTo(Date.parse(at(400)), -4);
    const refused = await send('put', `${base}/timeline`, timeline({ 'co-design': { opensAt: at(-0.5), closesAt: at(9) } })).expect(400);
    expect(refused.body.details).toContainEqual({ field: 'phases.co-design', problem: 'This phase is open: only its closing date can change' });
    const past = await send('put', `${base}/timeline`, timeline({ 'co-design': { ...keep('co-design'), closesAt: at(-0.1) } })).expect(400);
    expect(past.body.details).toContainEqual({ field: 'phases.co-design', problem: expect.stringContaining('cannot close in the past') });
    const early = await send('put', `${base}/timeline`, timeline({ 'co-design': keep('co-design'), applications: { opensAt: at(-0.5), closesAt: at(20) } })).expect(400);
    expect(early.body.details.map((d: { field: string }) => d.field)).toContain('phases.applications');
  });

  it('splits the budget into lots that add up to it, by area or by priority, and refuses lots that do not', async () => {
    const base = await round('Lots', fullTimeline(5));
    const lots = (list: object[]) => send('put', `${base}/lots`, { lots: list });
    const ok = await lots([
      { name: 'Ashley', budgetPence: 12_000_00, areaCode: 'E05001979' },
      { name: 'BS5', budgetPence: 8_000_00, areaCode: 'bs5' },
    ]).expect(200);
    expect(ok.body.lots.map((l: { name: string; budgetPence: number; areaCode: string }) => [l.name, l.budgetPence, l.areaCode])).toEqual([
      ['Ashley', 12_000_00, 'E05001979'],
      ['BS5', 8_000_00, 'BS5'],
    ]);
    const cases: Array<[object[], string, string]> = [
      [[{ name: 'A', budgetPence: 10_000_00, areaCode: 'E05001979' }, { name: 'B', budgetPence: 5_000_00, areaCode: 'BS5' }], 'lots', 'add up to less than the round’s budget'],
      [[{ name: 'A', budgetPence: 15_000_00, areaCode: 'E05001979' }, { name: 'B', budgetPence: 15_000_00, areaCode: 'BS5' }], 'lots', 'add up to more than the round’s budget'],
      [[{ name: 'A', budgetPence: 10_000_00, areaCode: 'CF10' }, { name: 'B', budgetPence: 10_000_00, areaCode: 'BS5' }], 'lots.0.basis', 'an area the fund serves'],
      [[{ name: 'A', budgetPence: 10_000_00, areaCode: 'BS5' }, { name: 'A', budgetPence: 10_000_00, areaCode: 'E05001979' }], 'lots.1.name', 'different name'],
      [[{ name: 'Only', budgetPence: 20_000_00, areaCode: 'BS5' }], 'lots', 'at least two lots'],
      [[{ name: 'A', budgetPence: 10_000_00 }, { name: 'B', budgetPence: 10_000_00, areaCode: 'BS5' }], 'lots.0.basis', 'area or priority this lot is for'],
      [[{ name: 'A', budgetPence: 0, areaCode: 'E05001979' }, { name: 'B', budgetPence: 20_000_00, areaCode: 'BS5' }], 'lots.0.budgetPence', 'more than £0'],
    ];
    for (const [list, field, message] of cases) {
      const response = await lots(list).expect(400);
      expect({ list, problem: (response.body.details as Array<{ field: string; problem: string }>).find((d) => d.field === field)?.problem }).toEqual({ list, problem: expect.stringContaining(message) });
    }
    expect((await t.http().get(base).expect(200)).body.lots.map((l: { name: string }) => l.name)).toEqual(['Ashley', 'BS5']);
    // A budget with lots cannot change until the lots are removed.
    await send('patch', base, { budgetPence: 21_000_00 }).expect(400);
    await lots([]).expect(200);
    await send('patch', base, { budgetPence: 21_000_00 }).expect(200);
  });

  it('keeps the application form’s own questions in order, and refuses malformed ones', async () => {
    const base = await round('Form', fullTimeline(5));
    const add = (body: object) => send('post', `${base}/questions`, body);
    const first = (await add({ type: 'long-text', label: 'What will change?', required: true, wordLimit: 250 }).expect(201)).body.id;
    const second = (await add({ type: 'single-choice', label: 'Which ward?', required: false, options: ['Ashley', 'Easton'] }).expect(201)).body.id;
    await add({ type: 'yes-no', label: 'Is your group constituted?', required: true }).expect(201);
    await t.http().post(`${base}/questions/${second}/move`).auth(manager, { type: 'bearer' }).send({ direction: 'up' }).expect(204);
    await t.http().delete(`${base}/questions/${first}`).auth(manager, { type: 'bearer' }).expect(204);
    const questions = (await t.http().get(base).expect(200)).body.questions;
    expect(questions.map((q: { label: string; options: string[] }) => [q.label, q.options])).toEqual([
      ['Which ward?', ['Ashley', 'Easton']],
      ['Is your group constituted?', []],
    ]);
    for (const [body, field] of [
      [{ type: 'single-choice', label: 'One option', required: true, options: ['only'] }, 'options'],
      [{ type: 'short-text', label: 'Choices?', required: true, options: ['a', 'b'] }, 'options'],
      [{ type: 'short-text', label: 'Words?', required: true, wordLimit: 100 }, 'wordLimit'],
      [{ type: 'long-text', label: 'Too few words', required: true, wordLimit: 5 }, 'wordLimit'],
      [{ type: 'essay', label: 'x', required: true }, 'type'],
    ] as const) {
      const response = await add(body).expect(400);
      expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    await t.http().delete(`${base}/questions/00000000-0000-4000-8000-000000000000`).auth(manager, { type: 'bearer' }).expect(404);
  });

  it('lets the fund’s name, purpose and area change until a round begins, then keeps the area as it is', async () => {
    const made = await send('post', '/api/v1/funds', { name: 'Redrawn Fund', purpose: 'p', areas: [{ kind: 'postcode_district', code: 'BS1' }] }).expect(201);
    const fund = `/api/v1/funds/${made.body.id}`;
    await send('post', `${fund}/contributions`, { organisationIdentifier: 'GB-LAE-BST', organisationName: 'Council', amountPence: 10_000_00, receivedOn: '2026-01-05' }).expect(201);
    const redrawn = await send('patch', fund, { name: 'Redrawn Fund 2', areas: [{ kind: 'postcode_district', code: 'bs2' }, { kind: 'ward', code: 'E05001979', name: 'Ashley' }] }).expect(200);
    expect(redrawn.body).toMatchObject({ name: 'Redrawn Fund 2', slug: 'redrawn-fund' });
    expect(redrawn.body.areas.map((a: { code: string }) => a.code).sort()).toEqual(['BS2', 'E05001979']);
    await send('patch', fund, { areas: [{ kind: 'postcode_district', code: 'nowhere' }] }).expect(400);

    await send('post', `${fund}/rounds`, { name: 'Begun', budgetPence: 1_000_00, grantMinPence: 100_00, grantMaxPence: 1_000_00, phases: fullTimeline(-1) }).expect(201);
    const frozen = await send('patch', fund, { purpose: 'New purpose', areas: [{ kind: 'postcode_district', code: 'BS3' }] }).expect(409);
    expect(frozen.body.details).toEqual([{ field: 'areas', problem: expect.stringContaining('a round of this fund has begun') }]);
    const after = (await t.http().get(fund).expect(200)).body;
    expect([after.purpose, after.areas.map((a: { code: string }) => a.code).sort()]).toEqual(['p', ['BS2', 'E05001979']]);
    await send('patch', fund, { purpose: 'New purpose' }).expect(200);
  });
});
