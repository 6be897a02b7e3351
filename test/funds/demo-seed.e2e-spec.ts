import { createAccount, query } from '@commonpurse/testing';
import { SeedDemoFund } from '@commonpurse/funds';
import { startTestApp, type TestApp } from '../support/test-app';

describe('demo fund seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
  });
  afterAll(() => t.close());

  it('creates a fund pooled by two funders, with a round in co-design and residents’ priorities, once; running it again changes nothing', async () => {
    const manager = await createAccount(t.db.url, { roles: [{ role: 'fund_manager' }] });
    const residents = await Promise.all([1, 2, 3].map(() => createAccount(t.db.url, { postcode: 'BS5 6XY' })));
    const seed = t.app.get(SeedDemoFund);
    expect(await seed.execute({ accountId: manager.id, email: manager.email }, residents.map((r) => r.id))).toEqual({ created: true, slug: 'bristol-neighbourhood-fund' });
    expect(await seed.execute({ accountId: manager.id, email: manager.email }, residents.map((r) => r.id))).toEqual({ created: false, slug: 'bristol-neighbourhood-fund' });
    expect(await query(t.db.url, `SELECT count(*)::int AS funds, (SELECT count(DISTINCT organisation_id)::int FROM fund_contributions) AS funders FROM funds`)).toEqual([{ funds: 1, funders: 2 }]);
    const page = await t.http().get('/funds/bristol-neighbourhood-fund').expect(200);
    expect(page.text).toContain('£75,000 in total');
    const round = await t.http().get('/funds/bristol-neighbourhood-fund/rounds/neighbours-together-2027').expect(200);
    expect(round.text).toContain('Co-design');
    expect(round.text).toContain('Open now');
    const board = await t.http().get('/funds/bristol-neighbourhood-fund/rounds/neighbours-together-2027/priorities').expect(200);
    expect(board.text).toContain('Priorities proposed: 5');
    expect(board.text).toContain('Co-designed with residents: 3 so far.');
    expect(board.text.indexOf('Warm spaces for older neighbours')).toBeLessThan(board.text.indexOf('Greener, cleaner streets'));
    expect(board.text).toContain('What should the largest grant be?');
    // Every dot is within each resident's allowance.
    const overspent = await query(t.db.url, `SELECT account_id FROM priority_endorsements GROUP BY account_id HAVING count(*) > 5`);
    expect(overspent).toEqual([]);
  });

  it('keeps the audit log append-only', async () => {
    await expect(query(t.db.url, `UPDATE audit_log SET action = 'tampered'`)).rejects.toThrow('append-only');
    await expect(query(t.db.url, `DELETE FROM audit_log`)).rejects.toThrow('append-only');
  });
});
