import { createAccount, query } from '@commonpurse/testing';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken, WebSession } from '../support/web-session';

/** A fund's own managers: added by the email of their account, taken off by a colleague, never none left. */
describe('the managers of a fund', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
  });
  afterAll(() => t.close());

  it('adds a colleague who can then manage the fund, takes one off, and keeps at least one', async () => {
    const first = await createAccount(t.db.url, { roles: [{ role: 'fund_manager' }], displayName: 'First Manager' });
    const token = await accessToken(t, first, ['funds:create', 'funds:manage']);
    const fundId = (await t.http().post('/api/v1/funds').auth(token, { type: 'bearer' }).send({ name: 'Team Fund', purpose: 'p', areas: [{ kind: 'postcode_district', code: 'BS1' }] }).expect(201)).body.id;
    const colleague = await createAccount(t.db.url, { displayName: 'Second Manager' });
    const asColleague = new WebSession(t);
    await asColleague.signIn(colleague.email, colleague.password);
    await asColleague.get(`/manage/funds/${fundId}`).expect(403);

    const web = new WebSession(t);
    await web.signIn(first.email, first.password);
    const unknown = await web.submit(`/manage/funds/${fundId}`, { email: 'nobody@example.org' }, `/manage/funds/${fundId}/managers`);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('href="#managerEmail"');
    expect((await web.submit(`/manage/funds/${fundId}`, { email: colleague.email.toUpperCase() }, `/manage/funds/${fundId}/managers`)).status).toBe(303);
    const page = await asColleague.get(`/manage/funds/${fundId}`).expect(200);
    expect(page.text).toContain('First Manager');
    expect(page.text).toContain('Second Manager (you)');

    const listed = await t.http().get(`/api/v1/funds/${fundId}/managers`).auth(token, { type: 'bearer' }).expect(200);
    expect(listed.body.map((m: { displayName: string }) => m.displayName)).toEqual(['First Manager', 'Second Manager']);
    await t.http().delete(`/api/v1/funds/${fundId}/managers/${colleague.id}`).auth(token, { type: 'bearer' }).expect(200);
    await asColleague.get(`/manage/funds/${fundId}`).expect(403);
    const last = await t.http().delete(`/api/v1/funds/${fundId}/managers/${first.id}`).auth(token, { type: 'bearer' }).expect(400);
    expect(last.body.message).toContain('at least one manager of its own');
    const audited = await query<{ action: string }>(t.db.url, `SELECT action FROM audit_log WHERE entity_id = $1 AND action LIKE 'funds.%-manager' ORDER BY id`, [fundId]);
    expect(audited.map((a) => a.action)).toEqual(['funds.add-manager', 'funds.remove-manager']);
    // The role itself, given and taken back, is in the audit log against the colleague's account, with who did it.
    const roles = await query<{ action: string; actor_id: string; before: object | null; after: object | null }>(t.db.url, `SELECT action, actor_id, before, after FROM audit_log WHERE entity_type = 'account' AND entity_id = $1 ORDER BY id`, [colleague.id]);
    const grant = { role: 'fund_manager', scopeType: 'fund', scopeId: fundId };
    expect(roles).toEqual([
      { action: 'identity.grant-role', actor_id: first.id, before: null, after: grant },
      { action: 'identity.revoke-role', actor_id: expect.any(String), before: grant, after: null },
    ]);
  });
});
