import { createAccount, query } from '@commonpurse/testing';
import { eligibleApplications, type ApplicantSetUp } from '../support/applications';
import { fundWithMoney, roundTakingApplications, type FundSetUp, type RoundSetUp } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken, WebSession } from '../support/web-session';

interface Sheet {
  sheet: number;
  voterEmail: string;
  choices: Array<{ reference: string }>;
}

/**
 * Paper ballots entered by the batch, each keyed by two fund managers, against the real
 * database: agreeing keyings entered in one go (with residents who voted online, or may not
 * vote, reported and not entered), differing ones flagged with nothing entered until re-keyed,
 * the same person refused a second copy, both keyings sent at the same instant, lines that
 * cannot be read named; through the API and through the page's form.
 */
describe('the public vote: batches of paper ballots', () => {
  let t: TestApp;
  let fund: FundSetUp;
  let round: RoundSetUp;
  let applicant: ApplicantSetUp;
  let second: { id: string; email: string; password: string; token: string };
  let refs: string[] = [];
  const api = () => `/api/v1/funds/${fund.fundId}/rounds/${round.roundId}`;
  const page = () => `/manage/funds/${fund.fundId}/rounds/${round.roundId}/vote/batches`;
  const as = (token: string) => ({
    get: (path: string) => t.http().get(path).auth(token, { type: 'bearer' }),
    post: (path: string, body: object) => t.http().post(path).auth(token, { type: 'bearer' }).send(body),
    put: (path: string, body: object) => t.http().put(path).auth(token, { type: 'bearer' }).send(body),
  });
  const advance = (from: string) => as(fund.manager).post(`${round.base}/advance`, { expectedFrom: from }).expect(200);
  /** Residents of the area who have declared their date of birth: each may vote. */
  const residents = async (n: number) => {
    const made: Array<{ id: string; email: string; password: string }> = [];
    for (let i = 0; i < n; i++) made.push(await createAccount(t.db.url, { postcode: 'BS5 1AA' }));
    for (const r of made) await query(t.db.url, `INSERT INTO voter_declarations (account_id, date_of_birth) VALUES ($1, '1980-06-01')`, [r.id]);
    return made;
  };
  const start = async (label: string) => (await as(fund.manager).post(`${api()}/paper-batches`, { label }).expect(201)).body.id as string;
  const key = (token: string, batchId: string, sheets: Sheet[]) => as(token).post(`${api()}/paper-batches/${batchId}/keyings`, { sheets });
  const sheet = (n: number, voterEmail: string, ...choices: string[]): Sheet => ({ sheet: n, voterEmail, choices: choices.map((reference) => ({ reference })) });
  const paperBallots = async () => (await query<{ n: number }>(t.db.url, `SELECT count(*)::int AS n FROM ballots WHERE source = 'paper' AND confirmed_at IS NOT NULL`))[0].n;

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    fund = await fundWithMoney(t, 'Batch Fund', ['BS5']);
    round = await roundTakingApplications(t, fund, { name: 'Autumn 2029', postcode: 'BS5 6XY' });
    applicant = await eligibleApplications(t, fund, round, ['Lunch club', 'Youth music', 'Street trees']);
    const facilitator = await accessToken(t, await createAccount(t.db.url, { roles: [{ role: 'facilitator' }] }), ['panel:facilitate']);
    await advance('applications');
    await advance('screening');
    for (const id of applicant.applicationIds) await as(facilitator).put(`${api()}/panel/decisions/${id}`, { outcome: 'shortlisted', rationale: 'Good value' }).expect(204);
    await as(fund.manager).put(`${api()}/ballot-settings`, { minChoices: 1, maxChoices: 2 }).expect(204);
    // A second manager of this fund (only of this one): the other keyer.
    const account = await createAccount(t.db.url, { roles: [{ role: 'fund_manager', scopeType: 'fund', scopeId: fund.fundId }] });
    second = { ...account, token: await accessToken(t, account, ['funds:manage']) };
    refs = (await query<{ reference: string }>(t.db.url, `SELECT reference FROM applications WHERE id = ANY($1) ORDER BY reference`, [applicant.applicationIds])).map((r) => r.reference);
  });
  afterAll(() => t.close());

  it('starts batches only while the vote is open, one a label', async () => {
    expect((await as(fund.manager).post(`${api()}/paper-batches`, { label: 'Too early' }).expect(409)).body.message).toBe('Ballots can only be cast while the public vote is open');
    await advance('panel-review');
    const id = await start('Library event, box 1');
    expect((await as(fund.manager).get(`${api()}/paper-batches/${id}`).expect(200)).body).toMatchObject({ id, lot: null, label: 'Library event, box 1', status: 'unkeyed', keyings: [] });
    expect((await as(second.token).post(`${api()}/paper-batches`, { label: 'library event,  BOX 1' }).expect(409)).body.details).toEqual([{ field: 'label', problem: 'There is already a batch called “library event, BOX 1” for this ballot paper' }]);
    expect((await as(fund.manager).post(`${api()}/paper-batches`, { label: '  ' }).expect(400)).body.details).toEqual([{ field: 'label', problem: 'Enter a name for the batch' }]);
    const outsider = await createAccount(t.db.url, { roles: [{ role: 'fund_manager' }] });
    await as(await accessToken(t, outsider, ['voting:vote'])).post(`${api()}/paper-batches`, { label: 'Not mine' }).expect(403);
  });

  it('enters a batch once two managers’ keyings agree, reporting (not counting twice) a resident who voted online, and any who may not vote', async () => {
    const [ann, bob, cat, online] = await residents(4);
    const onlineToken = await accessToken(t, online, ['voting:vote']);
    await as(onlineToken).post(`${api()}/ballot`, { choices: [{ projectId: applicant.applicationIds[0] }] }).expect(201);
    const young = await createAccount(t.db.url, { postcode: 'BS5 2AA' });
    const outside = await createAccount(t.db.url, { postcode: 'CF10 1AA' });
    for (const r of [young, outside]) await query(t.db.url, `INSERT INTO voter_declarations (account_id, date_of_birth) VALUES ($1, $2)`, [r.id, r === young ? new Date(Date.now() - 12 * 365.25 * 86_400_000).toISOString().slice(0, 10) : '1980-01-01']);
    const id = await start('Library event, box 2');
    const sheets = [
      sheet(1, ann.email, refs[0], refs[2]),
      sheet(2, bob.email, refs[1]),
      sheet(3, online.email, refs[2]),
      sheet(4, young.email, refs[0]),
      sheet(5, outside.email, refs[0]),
      sheet(6, 'nobody@example.org', refs[0]),
      sheet(7, cat.email, refs[0], refs[1], refs[2]),
    ];
    const first = (await key(fund.manager, id, sheets).expect(201)).body;
    expect(first).toMatchObject({ status: 'waitingForSecond', keyings: [{ keyedBy: fund.managerId, sheets: 7 }] });
    expect(await paperBallots()).toBe(0);
    // The second keyer typed the emails in other cases and the ticks in another order: the same ballots.
    const again = sheets.map((s) => ({ ...s, voterEmail: s.voterEmail.toUpperCase(), choices: [...s.choices].reverse() }));
    const done = (await key(second.token, id, again).expect(201)).body;
    expect(done).toMatchObject({ status: 'committed', entered: 2 });
    expect(done.reported).toEqual([
      { sheet: 3, voterEmail: online.email, problem: 'This resident has already voted online: the paper ballot has not been entered, so it is not counted twice' },
      { sheet: 4, voterEmail: young.email, problem: 'This resident is not old enough to vote in this round' },
      { sheet: 5, voterEmail: outside.email, problem: 'This resident does not live in the fund’s area' },
      { sheet: 6, voterEmail: 'nobody@example.org', problem: 'There is no account with that email address' },
      { sheet: 7, voterEmail: cat.email, problem: 'Choose no more than 2 projects' },
    ]);
    const rows = await query<{ voter_id: string; source: string; batch_id: string | null; choices: Array<{ projectId: string }> }>(t.db.url, `SELECT voter_id, source, batch_id, choices FROM ballots WHERE voter_id = ANY($1) AND confirmed_at IS NOT NULL ORDER BY source, voter_id`, [[ann.id, bob.id, cat.id, online.id]]);
    expect(rows.map((r) => [r.voter_id, r.source, r.batch_id])).toEqual([
      [online.id, 'online', null],
      ...[ann.id, bob.id].sort().map((v) => [v, 'paper', id]),
    ]);
    // The online ballot is as the resident cast it.
    expect(rows.find((r) => r.voter_id === online.id)!.choices).toEqual([{ projectId: applicant.applicationIds[0], points: 1 }]);
    const [audit] = await query<{ actor_id: string; after: { keyedBy: string[]; entered: number; reported: number } }>(t.db.url, `SELECT actor_id, after FROM audit_log WHERE action = 'voting.commit-paper-batch' AND entity_id = $1`, [id]);
    expect(audit).toMatchObject({ actor_id: second.id, after: { keyedBy: [fund.managerId, second.id], entered: 2, reported: 5 } });
    // Entered once: no one re-keys it, and the residents cannot vote online now.
    expect((await as(fund.manager).put(`${api()}/paper-batches/${id}/keyings/mine`, { sheets }).expect(409)).body.details).toEqual([{ field: 'sheets', problem: 'This batch has been entered: it cannot be keyed again' }]);
    const annToken = await accessToken(t, ann, ['voting:vote']);
    expect((await as(annToken).post(`${api()}/ballot`, { choices: [{ projectId: applicant.applicationIds[0] }] }).expect(409)).body.message).toBe('You have already voted on paper, so you cannot vote online as well');
  });

  it('flags keyings that differ, entering nothing, until a keyer re-keys; one person cannot key both copies', async () => {
    const [dee, eve, fay] = await residents(3);
    const id = await start('Community centre');
    const sheets = [sheet(1, dee.email, refs[0]), sheet(2, eve.email, refs[1]), sheet(3, fay.email, refs[2])];
    await key(fund.manager, id, sheets).expect(201);
    // The same person again: refused, saying why; their keying stays as it was.
    expect((await key(fund.manager, id, sheets).expect(409)).body.details).toEqual([{ field: 'sheets', problem: 'You have keyed this batch already: the second keying must be done by someone else. To correct your own, re-key it' }]);
    const differing = [sheet(1, dee.email, refs[0]), sheet(2, eve.email, refs[2]), sheet(4, fay.email, refs[2])];
    const flagged = (await key(second.token, id, differing).expect(201)).body;
    expect(flagged.status).toBe('mismatched');
    expect(flagged.mismatches).toEqual([
      { sheet: 2, first: `2, ${eve.email}, ${refs[1]}`, second: `2, ${eve.email}, ${refs[2]}` },
      { sheet: 3, first: `3, ${fay.email}, ${refs[2]}`, second: null },
      { sheet: 4, first: null, second: `4, ${fay.email}, ${refs[2]}` },
    ]);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM ballots WHERE voter_id = ANY($1)`, [[dee.id, eve.id, fay.id]])).toEqual([{ n: 0 }]);
    // A third manager cannot add a third copy.
    const third = await createAccount(t.db.url, { roles: [{ role: 'fund_manager', scopeType: 'fund', scopeId: fund.fundId }] });
    expect((await key(await accessToken(t, third, ['funds:manage']), id, sheets).expect(409)).body.details).toEqual([{ field: 'sheets', problem: 'Two people have keyed this batch already: only they can re-key it' }]);
    // The second keyer checks the sheets and re-keys: now they agree, and the batch is entered.
    const resolved = (await as(second.token).put(`${api()}/paper-batches/${id}/keyings/mine`, { sheets }).expect(200)).body;
    expect(resolved).toMatchObject({ status: 'committed', entered: 3, reported: [], mismatches: [] });
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM ballots WHERE voter_id = ANY($1) AND source = 'paper' AND batch_id = $2`, [[dee.id, eve.id, fay.id], id])).toEqual([{ n: 3 }]);
  });

  it('enters an agreed batch whose entry did not finish, with nothing retyped; never one whose keyings differ', async () => {
    const [gus, hil] = await residents(2);
    const id = await start('Library, box 3');
    const sheets = [sheet(1, gus.email, refs[0]), sheet(2, hil.email, refs[1])];
    await key(fund.manager, id, sheets).expect(201);
    const entry = () => as(second.token).post(`${api()}/paper-batches/${id}/entry`, {});
    expect((await entry().expect(409)).body.message).toBe('The two keyings of this batch do not agree, so it cannot be entered');
    // The second keying saved, but its entry never ran (the request was cut off, say): the batch waits, agreed.
    await query(t.db.url, `INSERT INTO paper_batch_keyings (batch_id, keyed_by, sheets) SELECT batch_id, $2, sheets FROM paper_batch_keyings WHERE batch_id = $1`, [id, second.id]);
    expect((await as(fund.manager).get(`${api()}/paper-batches/${id}`).expect(200)).body.status).toBe('agreed');
    expect((await entry().expect(200)).body).toMatchObject({ status: 'committed', entered: 2, reported: [] });
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM ballots WHERE voter_id = ANY($1) AND source = 'paper' AND batch_id = $2`, [[gus.id, hil.id], id])).toEqual([{ n: 2 }]);
    expect((await entry().expect(409)).body.details[0].field).toBe('sheets');
  });

  it('compares correctly when both keyings arrive at the same instant, entering each batch once', async () => {
    const voters = await residents(8);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await start(`Market stall ${i}`));
    const before = await paperBallots();
    const responses = await Promise.all(
      ids.flatMap((id, i) => {
        const sheets = [sheet(1, voters[2 * i].email, refs[0]), sheet(2, voters[2 * i + 1].email, refs[1])];
        return [key(fund.manager, id, sheets), key(second.token, id, sheets)];
      }),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
    for (const id of ids) expect((await as(fund.manager).get(`${api()}/paper-batches/${id}`).expect(200)).body).toMatchObject({ status: 'committed', entered: 2, reported: [] });
    expect(await paperBallots()).toBe(before + 8);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'voting.commit-paper-batch' AND entity_id = ANY($1)`, [ids])).toEqual([{ n: 4 }]);
  });

  it('names each line that cannot be entered, entering nothing', async () => {
    const [gus] = await residents(1);
    const id = await start('Bad handwriting');
    const bad = await key(fund.manager, id, [sheet(1, gus.email, refs[0]), sheet(2, 'not an email', refs[0]), sheet(3, gus.email, 'WW-009'), sheet(1, gus.email, refs[1])]).expect(400);
    expect(bad.body.details).toEqual([
      { field: 'sheets', problem: 'Line 2: put the email address of the resident’s account after the sheet number' },
      { field: 'sheets', problem: 'Line 3: no project WW-009 on this ballot paper' },
      { field: 'sheets', problem: 'Line 4: sheet 1 is on line 1 as well' },
    ]);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM paper_batch_keyings WHERE batch_id = $1`, [id])).toEqual([{ n: 0 }]);
    expect((await key(fund.manager, id, []).expect(400)).body.details).toEqual([{ field: 'sheets', problem: 'Type at least one sheet, one line a sheet' }]);
  });

  it('takes both keyings through the page’s form, one line a sheet, naming a line it cannot read', async () => {
    const [hal, ivy] = await residents(2);
    const one = new WebSession(t);
    await one.signIn(fund.managerAccount.email, fund.managerAccount.password);
    const two = new WebSession(t);
    await two.signIn(second.email, second.password);
    expect((await one.get(`/manage/funds/${fund.fundId}/rounds/${round.roundId}/vote`).expect(200)).text).toContain(`href="${page()}"`);
    const started = await one.submit(page(), { lot: '', label: 'Leisure centre' }, page());
    expect(started.status).toBe(303);
    const id = started.headers.location.match(/#batch-([0-9a-f-]{36})$/)![1];
    expect(started.headers.location).toBe(`${page()}?saved=started#batch-${id}`);
    const action = `${page()}/${id}/keying`;
    const wrong = await one.submit(page(), { sheets: `1, ${hal.email}, ${refs[0]}\nx, ${ivy.email}\n3, ${ivy.email}, WW-009` }, action);
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Line 2: start the line with the sheet number');
    // Each line's problem in the summary (linking to the box) and beside the box, with what was typed kept.
    expect(wrong.text.split('Line 3: no project WW-009 on this ballot paper').length - 1).toBe(2);
    expect(wrong.text).toContain('href="#sheets"');
    expect(wrong.text).toMatch(/<textarea[^>]+id="sheets"[^>]*>[^<]*WW-009/);
    const lines = `1, ${hal.email}, ${refs[0]} ${refs[1]}\n2, ${ivy.email}, ${refs[2]}\n`;
    const saved = await one.submit(page(), { sheets: lines }, action);
    expect(saved.headers.location).toBe(`${page()}?saved=waitingForSecond#batch-${id}`);
    expect((await one.get(page()).expect(200)).text).toContain('Re-key my copy');
    // The second keyer mistypes a sheet: flagged, shown side by side, nothing entered.
    const typo = await two.submit(page(), { sheets: `1, ${hal.email}, ${refs[0]} ${refs[1]}\n2, ${ivy.email}, ${refs[1]}` }, action);
    expect(typo.headers.location).toBe(`${page()}?saved=mismatched#batch-${id}`);
    const shown = (await two.get(page()).expect(200)).text;
    expect(shown).toContain('The keyings differ');
    expect(shown).toContain(`2, ${ivy.email}, ${refs[2]}`);
    expect(shown).toContain(`2, ${ivy.email}, ${refs[1]}`);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM ballots WHERE voter_id = ANY($1)`, [[hal.id, ivy.id]])).toEqual([{ n: 0 }]);
    const fixed = await two.submit(page(), { sheets: lines.toUpperCase().replace(/,/g, ' '), rekey: 'yes' }, action);
    expect(fixed.headers.location).toBe(`${page()}?saved=committed#batch-${id}`);
    const entered = (await two.get(fixed.headers.location).expect(200)).text;
    expect(entered).toContain('The two keyings agree: the batch has been entered.');
    expect(entered).toContain('2 entered, 0 reported');
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM ballots WHERE voter_id = ANY($1) AND batch_id = $2`, [[hal.id, ivy.id], id])).toEqual([{ n: 2 }]);
    // In Welsh too.
    expect((await two.get(`${page()}?lang=cy`).expect(200)).text).toContain('Sypiau o bapurau pleidleisio');
    // A full box in one form: 1,000 sheets, more than any other form's body limit, is taken.
    const big = await one.submit(page(), { lot: '', label: 'Town hall, every box' }, page());
    const bigId = big.headers.location.match(/#batch-([0-9a-f-]{36})$/)![1];
    const box = Array.from({ length: 1000 }, (_, i) => `${i + 1}, resident.number.${i + 1}.with.a.rather.long.address@the-community-centre.example.org, ${refs[0]} ${refs[1]}`).join('\n');
    expect(Buffer.byteLength(box)).toBeGreaterThan(100_000);
    expect((await one.submit(page(), { sheets: box }, `${page()}/${bigId}/keying`)).headers.location).toBe(`${page()}?saved=waitingForSecond#batch-${bigId}`);
  });
});
