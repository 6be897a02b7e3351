import { createHash } from 'node:crypto';
import { createAccount, query } from '@commonpurse/testing';
import { eligibleApplications } from '../support/applications';
import { fundWithMoney, roundTakingApplications, type FundSetUp, type RoundSetUp } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken, csrfTokenIn, WebSession } from '../support/web-session';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Who votes where, as the round says: residents confirmed by staff against the council's list of
 * digests (uploaded whole or not at all; one identifier, one account), and a round whose lots
 * each resident votes in one of (their own area's, else the one they choose, however many
 * requests race to choose two).
 */
describe('the public vote: the council’s list and one lot a voter', () => {
  let t: TestApp;
  let fund: FundSetUp;
  let round: RoundSetUp;
  let projects: { easton: string[]; redfield: string[] };
  const voters: Record<'easton' | 'other' | 'chooser' | 'unlisted', { id: string; email: string; token: string }> = {} as never;
  const ballot = () => `/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/ballot`;
  const list = () => `/api/v1/funds/${fund.fundId}/eligibility-list`;
  const confirmations = () => `/api/v1/funds/${fund.fundId}/voter-confirmations`;
  const as = (token: string) => ({
    get: (path: string) => t.http().get(path).auth(token, { type: 'bearer' }),
    put: (path: string, body: object) => t.http().put(path).auth(token, { type: 'bearer' }).send(body),
    post: (path: string, body: object) => t.http().post(path).auth(token, { type: 'bearer' }).send(body),
    upload: (bytes: Buffer, name = 'register.csv') => t.http().put(list()).auth(token, { type: 'bearer' }).attach('file', bytes, name),
  });
  const vote = (token: string, lot: string, projectId: string) => as(token).post(ballot(), { lot, choices: [{ projectId }] });
  const advance = (from: string) => as(fund.manager).post(`${round.base}/advance`, { expectedFrom: from }).expect(200);
  const confirmedCount = async (voterId: string) => (await query<{ n: number }>(t.db.url, `SELECT count(*)::int AS n FROM ballots WHERE voter_id = $1 AND confirmed_at IS NOT NULL`, [voterId]))[0].n;

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    fund = await fundWithMoney(t, 'Lots Fund', ['BS5', 'BS6', 'BS7']);
    round = await roundTakingApplications(t, fund, {
      name: 'Spring 2029',
      postcode: 'BS5 6XY',
      lots: [
        { name: 'Easton', budgetPence: 10_000_00, areaCode: 'BS5' },
        { name: 'Redfield', budgetPence: 10_000_00, areaCode: 'BS6' },
      ],
    });
    const [easton, redfield] = round.lotIds;
    const { applicationIds } = await eligibleApplications(t, fund, round, ['Lunch club', 'Youth music', 'Street trees', 'Repair cafe'], [easton, easton, redfield, redfield]);
    projects = { easton: applicationIds.slice(0, 2), redfield: applicationIds.slice(2) };
    const facilitator = await accessToken(t, await createAccount(t.db.url, { roles: [{ role: 'facilitator' }] }), ['panel:facilitate']);
    await advance('applications');
    await advance('screening');
    for (const id of applicationIds) await as(facilitator).put(`/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/panel/decisions/${id}`, { outcome: 'shortlisted', rationale: 'Good value' }).expect(204);
    for (const [name, postcode] of [['easton', 'BS5 1AA'], ['other', 'BS5 2AA'], ['chooser', 'BS7 1AA'], ['unlisted', 'BS6 1AA']] as const) {
      const account = await createAccount(t.db.url, { postcode });
      voters[name] = { id: account.id, email: account.email, token: await accessToken(t, account, ['voting:vote']) };
      await as(voters[name].token).put('/api/v1/voter/date-of-birth', { dateOfBirth: '1990-04-01' }).expect(204);
    }
  });
  afterAll(() => t.close());

  it('takes the council’s list whole or not at all, naming the lines that are not digests', async () => {
    const settings = `/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/ballot-settings`;
    expect((await as(fund.manager).put(settings, { minChoices: 1, verification: 'council-list' }).expect(400)).body.details).toEqual([{ field: 'verification', problem: 'Upload the council’s eligibility list for this fund before asking staff to confirm residents against it' }]);
    expect((await as(fund.manager).get(list()).expect(200)).body).toEqual({ list: null, confirmations: 0 });
    const good = Buffer.from(['ward,identifier_sha256', `Easton,${sha('AB1234')}`, `Easton,${sha('CD5678')}`, `Redfield,${sha('EF9012')}`, `Redfield,${sha('EF9012')}`, ''].join('\n'));
    const uploaded = (await as(fund.manager).upload(good).expect(200)).body;
    expect(uploaded).toEqual({ identifiers: 3, duplicates: 1, fileSha256: sha(good.toString()) });

    const bad = Buffer.from(['identifier_sha256', sha('GH3456'), 'GH3456', ''].join('\n'));
    expect((await as(fund.manager).upload(bad).expect(400)).body.details).toEqual([{ field: 'file', problem: 'Line 3: this is not a SHA-256 digest (64 hexadecimal characters)' }]);
    expect((await t.http().put(list()).auth(fund.manager, { type: 'bearer' }).expect(400)).body.details).toEqual([{ field: 'file', problem: 'Choose the council’s file to upload' }]);
    expect((await as(fund.manager).upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]), 'register.xlsx').expect(400)).body.details[0].field).toBe('file');
    // The refused files changed nothing: the list is the first, with its three residents.
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM eligibility_list_entries WHERE fund_id = $1`, [fund.fundId])).toEqual([{ n: 3 }]);
    expect((await as(fund.manager).get(list()).expect(200)).body.list).toMatchObject({ identifiers: 3, fileSha256: sha(good.toString()), version: 1 });
    await as(voters.easton.token).upload(good).expect(403);

    expect((await as(fund.manager).put(settings, { minChoices: 1, lotsPerVoter: 'some' }).expect(400)).body.details).toEqual([{ field: 'lotsPerVoter', problem: 'Choose whether residents vote in every lot or in one' }]);
    await as(fund.manager).put(settings, { minChoices: 1, maxChoices: 1, verification: 'council-list', lotsPerVoter: 'one' }).expect(204);
  });

  it('lets only residents staff confirmed against the list vote, one identifier to one account', async () => {
    await advance('panel-review');
    expect((await as(voters.easton.token).get(ballot()).expect(200)).body.standing).toBe('notConfirmed');
    expect((await vote(voters.easton.token, round.lotIds[0], projects.easton[0]).expect(403)).body.message).toBe('Staff have not yet confirmed you on the council’s list of residents');

    const confirm = (email: string, identifier: string) => as(fund.manager).post(confirmations(), { voterEmail: email, identifier });
    expect((await confirm(voters.easton.email, 'ZZ 999').expect(400)).body.details).toEqual([{ field: 'identifier', problem: 'This identifier is not on the council’s list: check it against the resident’s letter' }]);
    expect((await confirm(voters.easton.email, ' - ').expect(400)).body.details).toEqual([{ field: 'identifier', problem: 'Enter the resident’s identifier' }]);
    expect((await confirm('nobody@example.org', 'AB1234').expect(400)).body.details[0].field).toBe('voterEmail');
    // Typed as printed on the letter: the spaces, dashes and case do not matter.
    expect((await confirm(voters.easton.email, 'ab-12 34').expect(201)).body).toEqual({ confirmed: true });
    expect((await confirm(voters.easton.email, 'AB1234').expect(409)).body.message).toBe('This resident is already confirmed on the council’s list');
    expect((await confirm(voters.other.email, 'AB1234').expect(409)).body.details).toEqual([{ field: 'identifier', problem: 'This identifier has already confirmed another resident’s account' }]);
    // Two staff confirming two residents with one identifier at the same instant: one account only.
    const raced = await Promise.all([confirm(voters.other.email, 'CD5678'), confirm(voters.chooser.email, 'CD5678')]);
    expect(raced.map((r) => r.status).sort()).toEqual([201, 409]);
    const stored = await query<{ identifier_sha256: string }>(t.db.url, `SELECT identifier_sha256 FROM voter_confirmations WHERE fund_id = $1 ORDER BY identifier_sha256`, [fund.fundId]);
    expect(stored.map((r) => r.identifier_sha256)).toEqual([sha('AB1234'), sha('CD5678')].sort());
    const winner = raced[0].status === 201 ? voters.other : voters.chooser;
    const loser = winner === voters.other ? voters.chooser : voters.other;
    await confirm(loser.email, 'EF9012').expect(201);
    expect((await as(voters.unlisted.token).get(ballot()).expect(200)).body.standing).toBe('notConfirmed');
    expect((await as(voters.easton.token).get(ballot()).expect(200)).body.standing).toBe('eligible');
    const audited = await query<{ action: string; n: number }>(t.db.url, `SELECT action, count(*)::int AS n FROM audit_log WHERE action IN ('voting.confirm-voter', 'voting.upload-eligibility-list') GROUP BY action ORDER BY action`);
    expect(audited).toEqual([{ action: 'voting.confirm-voter', n: 3 }, { action: 'voting.upload-eligibility-list', n: 1 }]);
  });

  it('keeps a resident to their own area’s lot, where their postcode places them in one', async () => {
    const [easton, redfield] = round.lotIds;
    const papers = (await as(voters.easton.token).get(ballot()).expect(200)).body.papers;
    expect(papers.map((p: { name: string }) => p.name)).toEqual(['Easton']);
    expect((await vote(voters.easton.token, redfield, projects.redfield[0]).expect(403)).body.message).toBe('This ballot is for another area: in this vote you can vote in your own area’s ballot only');
    await vote(voters.easton.token, easton, projects.easton[0]).expect(201);
    await vote(voters.easton.token, easton, projects.easton[1]).expect(201);
    expect(await confirmedCount(voters.easton.id)).toBe(1);
  });

  it('lets a resident outside every lot’s area choose one lot, and only one, however many requests race', async () => {
    const [easton, redfield] = round.lotIds;
    const chooser = voters.chooser;
    expect((await as(chooser.token).get(ballot()).expect(200)).body.papers.map((p: { name: string }) => p.name)).toEqual(['Easton', 'Redfield']);
    // Choices saved on both lots before choosing: allowed, as nothing is confirmed yet.
    await as(chooser.token).put(`${ballot()}/draft`, { lot: easton, choices: [{ projectId: projects.easton[1] }] }).expect(204);
    await as(chooser.token).put(`${ballot()}/draft`, { lot: redfield, choices: [{ projectId: projects.redfield[1] }] }).expect(204);
    const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? vote(chooser.token, easton, projects.easton[0]) : vote(chooser.token, redfield, projects.redfield[0]))));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    const rows = await query<{ lot_key: string }>(t.db.url, `SELECT lot_key FROM ballots WHERE voter_id = $1 AND confirmed_at IS NOT NULL`, [chooser.id]);
    expect(rows).toHaveLength(1);
    const chosen = rows[0].lot_key;
    const name = chosen === easton ? 'Easton' : 'Redfield';
    // Every refusal was for the other lot, and says which lot they voted in.
    for (const r of responses.filter((x) => x.status === 409)) expect(r.body.message).toBe(`You have already voted in ${name}: in this vote each resident votes in one area only. You can still change that ballot`);
    expect(responses.filter((r) => r.status === 201 && r.body.receipt)).toHaveLength(1);
    // The choices saved on the other lot are dropped: nothing there to confirm, or to be reminded of.
    expect(await query(t.db.url, `SELECT lot_key FROM ballots WHERE voter_id = $1 AND draft IS NOT NULL`, [chooser.id])).toEqual([]);
    // Now only that lot is open to them; a draft on the other is refused too.
    expect((await as(chooser.token).get(ballot()).expect(200)).body.papers.map((p: { name: string }) => p.name)).toEqual([name]);
    const other = chosen === easton ? redfield : easton;
    await as(chooser.token).put(`${ballot()}/draft`, { lot: other, choices: [{ projectId: (other === easton ? projects.easton : projects.redfield)[0] }] }).expect(409);
    // Nor can staff enter a paper ballot for them on the other lot, or for a resident outside its area.
    const paper = `/api/v1/funds/${fund.fundId}/rounds/${round.roundId}/paper-ballots`;
    const onOther = await as(fund.manager).post(paper, { voterEmail: chooser.email, lot: other, choices: [{ projectId: (other === easton ? projects.easton : projects.redfield)[0] }] }).expect(409);
    expect(onOther.body.details).toEqual([{ field: 'voterEmail', problem: `This resident has already voted in ${name}: in this vote each resident votes in one lot only, so this paper ballot has not been entered` }]);
    const outside = await as(fund.manager).post(paper, { voterEmail: voters.other.email, lot: redfield, choices: [{ projectId: projects.redfield[0] }] }).expect(403);
    expect(outside.body.message).toBe('This resident lives in another lot’s area: in this vote they can vote in their own area’s ballot only');
    expect(await confirmedCount(chooser.id)).toBe(1);
    expect(await confirmedCount(voters.other.id)).toBe(0);
    // Moving into the other lot's area later changes nothing: the lot they voted in stays theirs to change.
    const movedTo = chosen === easton ? 'BS6 9ZZ' : 'BS5 9ZZ';
    await query(t.db.url, `UPDATE accounts SET postcode = $2 WHERE id = $1`, [chooser.id, movedTo]);
    expect((await as(chooser.token).get(ballot()).expect(200)).body.papers.map((p: { name: string }) => p.name)).toEqual([name]);
    await vote(chooser.token, chosen, (chosen === easton ? projects.easton : projects.redfield)[1]).expect(201);
    expect((await vote(chooser.token, other, (other === easton ? projects.easton : projects.redfield)[0]).expect(409)).body.message).toContain(`You have already voted in ${name}`);
    expect(await confirmedCount(chooser.id)).toBe(1);
  });

  it('gives managers the list’s page: what is uploaded, and confirming a resident with the form', async () => {
    const web = new WebSession(t);
    await web.signIn(fund.managerAccount.email, fund.managerAccount.password);
    const page = `/manage/funds/${fund.fundId}/eligibility-list`;
    const shown = await web.get(page).expect(200);
    expect(shown.text).toContain('register.csv');
    // The file's digest is shown, never what is in it.
    const uploadedSha = ((await as(fund.manager).get(list()).expect(200)).body.list.fileSha256) as string;
    expect(shown.text).toContain(uploadedSha);
    expect(shown.text).not.toContain(sha('CD5678'));
    const refused = await web.submit(page, { voterEmail: voters.unlisted.email, identifier: 'QQ0000' }, `${page}/confirm`);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('This identifier is not on the council’s list');
    // The identifier typed is not shown back.
    expect(refused.text).not.toContain('QQ0000');
    const bad = await web.agent.post(page).field('_csrf', csrfTokenIn(shown.text)).attach('file', Buffer.from('identifier_sha256\nnot-a-digest\n'), 'bad.csv');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Line 2: this is not a SHA-256 digest');
    const noToken = await web.agent.post(page).attach('file', Buffer.from(`${sha('AB1234')}\n`), 'sneaky.csv');
    expect(noToken.status).toBe(403);
    expect((await as(fund.manager).get(list()).expect(200)).body.list.version).toBe(1);
    // A new list through the form (the council added a resident), then that resident confirmed: each answered with a redirect, so a reload repeats nothing.
    const newer = Buffer.from([sha('AB1234'), sha('CD5678'), sha('EF9012'), sha('GH3456'), ''].join('\n'));
    const replaced = await web.agent.post(page).field('_csrf', csrfTokenIn(shown.text)).attach('file', newer, 'register-v2.csv');
    expect(replaced.status).toBe(303);
    expect((await web.get(replaced.headers.location).expect(200)).text).toContain('The list is uploaded: 4 residents (0 repeated lines counted once).');
    expect((await as(fund.manager).get(list()).expect(200)).body.list).toMatchObject({ identifiers: 4, fileName: 'register-v2.csv', version: 2 });
    const confirmed = await web.submit(page, { voterEmail: voters.unlisted.email, identifier: 'gh 3456' }, `${page}/confirm`);
    expect(confirmed.status).toBe(303);
    expect((await web.get(confirmed.headers.location).expect(200)).text).toContain('The resident is confirmed on the council’s list.');
    expect((await as(voters.unlisted.token).get(ballot()).expect(200)).body.standing).toBe('eligible');
    const other = await createAccount(t.db.url, { roles: [{ role: 'fund_manager', scopeType: 'fund', scopeId: '00000000-0000-4000-8000-000000000000' }] });
    const outsider = new WebSession(t);
    await outsider.signIn(other.email, other.password);
    await outsider.get(page).expect(403);
  });
});
