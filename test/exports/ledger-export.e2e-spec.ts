import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { createAccount, query } from '@commonpurse/testing';
import { fundWithMoney, type FundSetUp } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { WebSession, accessToken } from '../support/web-session';

type Cells = Record<string, string | number | null>;
const FORMATS = ['csv', 'json', 'xlsx'] as const;
const TABLES = ['entries', 'transactions', 'balances'] as const;
const REASON = '=HYPERLINK("https://example.invalid","refund")';
const CONDITION = 'For "youth" work, in Easton';

/** RFC 4180, strictly: quoted fields with doubled quotes, CRLF between records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') (field += '"'), i++;
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') record.push(field), records.push(record), (record = []), (field = ''), i++;
    else if (c === '\n' || c === '\r') throw new Error(`bare line break at ${i}`);
    else field += c;
  }
  if (field || record.length) throw new Error('the last record does not end with CRLF');
  return records;
}

const snake = (key: string) => key.replace(/[A-Z]/g, (l) => `_${l.toLowerCase()}`);

/** A file's rows as objects keyed by the CSV's column names, whatever the format, with pence as numbers. */
async function rowsOf(format: (typeof FORMATS)[number], body: Buffer): Promise<{ header: string[]; rows: Cells[]; json?: Record<string, unknown> }> {
  // Numbers as numbers, empty cells as null, a memo as its JSON re-serialised (Postgres spaces its jsonb text).
  const pence = (key: string, value: unknown) =>
    value === '' || value === null || value === undefined ? null : key.endsWith('_pence') || key === 'seq' || key === 'entry_id' ? Number(value) : key === 'memo' ? JSON.stringify(typeof value === 'string' ? JSON.parse(value) : value) : value;
  if (format === 'csv') {
    const [header, ...records] = parseCsv(body.toString('utf8'));
    return { header: header!, rows: records.map((r) => Object.fromEntries(header!.map((h, i) => [h, pence(h, r[i])])) as Cells) };
  }
  if (format === 'json') {
    const json = JSON.parse(body.toString('utf8'));
    const rows = (json.rows as Array<Record<string, unknown>>).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [snake(k), pence(snake(k), v)])) as Cells);
    return { header: [], rows, json };
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
  const header = values(1) as string[];
  const rows: Cells[] = [];
  for (let n = 2; n <= sheet.actualRowCount; n++) {
    const cells = values(n);
    rows.push(Object.fromEntries(header.map((h, i) => [h, cells[i] instanceof Date ? (cells[i] as Date).toISOString().slice(0, 10) : pence(h, cells[i])])) as Cells);
  }
  return { header, rows };
}

describe('the ledger export', () => {
  let t: TestApp;
  let fund: FundSetUp;
  let transactions: Array<{ id: string; seq: number; hash: string; kind: string }>;

  // The body as the bytes received (supertest hands the raw response stream to a parser).
  const binary = (res: unknown, done: (error: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    (res as NodeJS.ReadableStream).on('data', (c: Buffer) => chunks.push(c));
    (res as NodeJS.ReadableStream).on('end', () => done(null, Buffer.concat(chunks)));
  };
  const api = (path: string, token = fund.manager) => t.http().get(path).auth(token, { type: 'bearer' });
  const exportPath = (params: string, fundId = fund.fundId) => `/api/v1/funds/${fundId}/ledger/export?${params}`;
  const download = async (params: string, token = fund.manager): Promise<Response & { body: Buffer }> => (await api(exportPath(params), token).buffer(true).parse(binary).expect(200)) as Response & { body: Buffer };

  /** The manifest the response names, checked against the bytes received. */
  async function checkManifest(res: Response & { body: Buffer }, table: string, rows: number) {
    const id = res.headers['x-export-id'] as string;
    expect(res.headers.link).toBe(`</api/v1/funds/${fund.fundId}/exports/${id}>; rel="describedby"`);
    const manifest = await api(`/api/v1/funds/${fund.fundId}/exports/${id}`).expect(200);
    expect(manifest.body).toMatchObject({ status: 'complete', rows: { [table]: rows }, bytes: res.body.length, sha256: createHash('sha256').update(res.body).digest('hex') });
    return id;
  }

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    fund = await fundWithMoney(t, 'Export Fund', ['BS5'], { pence: 60_000_00, scopes: ['ledger:read'] });
    const contribute = (body: object) => t.http().post(`/api/v1/funds/${fund.fundId}/contributions`).auth(fund.manager, { type: 'bearer' }).send(body).expect(201);
    await contribute({ organisationIdentifier: 'GB-CHC-1234567', organisationName: 'Harbour Trust', amountPence: 15_000_37, receivedOn: '2026-03-01', condition: CONDITION });
    await contribute({ organisationIdentifier: 'GB-CHC-1098765', organisationName: 'River Trust', amountPence: 2_500_05, receivedOn: '2026-04-10' });
    const listed = (await api(`/api/v1/funds/${fund.fundId}/ledger/transactions`).expect(200)).body.transactions;
    await t.http().post(`/api/v1/funds/${fund.fundId}/ledger/transactions/${listed[2].id}/reversal`).auth(fund.manager, { type: 'bearer' }).send({ reason: REASON }).expect(201);
    transactions = (await api(`/api/v1/funds/${fund.fundId}/ledger/transactions`).expect(200)).body.transactions;
  });
  afterAll(async () => t.close());

  it('exports the entries as RFC 4180 CSV, every amount in pounds and in pence, with its manifest and an audit record', async () => {
    const res = await download('format=csv&table=entries');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="export-fund[\w-]*-ledger-entries\.csv"$/);
    const { header, rows } = await rowsOf('csv', res.body);
    expect(header).toEqual(['entry_id', 'transaction_id', 'seq', 'effective_on', 'posted_at', 'transaction_kind', 'account_id', 'account_kind', 'organisation_id', 'round_id', 'award_id', 'debit_gbp', 'debit_pence', 'credit_gbp', 'credit_pence']);
    expect(rows.map((r) => [r.seq, r.transaction_kind, r.account_kind, r.debit_gbp, r.debit_pence, r.credit_gbp, r.credit_pence])).toEqual([
      [1, 'contribution', 'unallocated', '60000.00', 60_000_00, null, null],
      [1, 'contribution', 'contributions', null, null, '60000.00', 60_000_00],
      [2, 'contribution', 'unallocated', '15000.37', 15_000_37, null, null],
      [2, 'contribution', 'contributions', null, null, '15000.37', 15_000_37],
      [3, 'contribution', 'unallocated', '2500.05', 2_500_05, null, null],
      [3, 'contribution', 'contributions', null, null, '2500.05', 2_500_05],
      [4, 'reversal', 'unallocated', null, null, '2500.05', 2_500_05],
      [4, 'reversal', 'contributions', '2500.05', 2_500_05, null, null],
    ]);
    expect(rows.map((r) => r.transaction_id)).toEqual(transactions.flatMap((x) => [x.id, x.id]));
    expect(rows[0]).toMatchObject({ effective_on: '2026-01-05', round_id: null, award_id: null, posted_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) });
    const id = await checkManifest(res, 'entries', 8);
    const [audit] = await query<{ actor_id: string; after: Record<string, unknown> }>(t.db.url, `SELECT actor_id, after FROM audit_log WHERE action = 'exports.export' AND entity_type = 'export' AND entity_id = $1`, [id]);
    expect(audit).toMatchObject({ actor_id: fund.managerId, after: { kind: 'ledger-entries', format: 'csv', scope: { fundId: fund.fundId, table: 'entries', from: null, to: null }, rows: { entries: 8 }, bytes: res.body.length } });
  });

  it('exports every table in every format with the same rows, which agree with the books', async () => {
    const balances = (await api(`/api/v1/funds/${fund.fundId}/ledger/balances`).expect(200)).body.accounts as Array<{ kind: string; organisationId: string; balancePence: number }>;
    for (const table of TABLES) {
      const seen: Cells[][] = [];
      for (const format of FORMATS) {
        const res = await download(`format=${format}&table=${table}`);
        const { rows, json } = await rowsOf(format, res.body);
        if (json) expect(json).toMatchObject({ fund: { id: fund.fundId, name: 'Export Fund' }, table, from: null, to: null });
        await checkManifest(res, table, rows.length);
        seen.push(rows);
      }
      // The same cells whatever the format: XLSX gives money as numbers (compared as numbers), CSV
      // defuses would-be formulas with a leading ' (compared without it; the next test checks it).
      const comparable = (rows: Cells[]) =>
        rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k.endsWith('_gbp') && v !== null ? Number(v) : typeof v === 'string' ? v.replace(/^'(?=[=+\-@\t\r])/, '') : v])));
      expect(comparable(seen[1]!)).toEqual(comparable(seen[0]!));
      expect(comparable(seen[2]!)).toEqual(comparable(seen[0]!));
      const [rows] = seen as [Cells[]];
      if (table === 'entries') {
        expect(rows).toHaveLength(8);
        expect(rows.reduce((sum, r) => sum + Number(r.debit_pence ?? 0), 0)).toBe(rows.reduce((sum, r) => sum + Number(r.credit_pence ?? 0), 0));
      }
      if (table === 'transactions') {
        expect(rows.map((r) => [r.seq, r.kind, r.hash])).toEqual(transactions.map((x) => [x.seq, x.kind, x.hash]));
        expect(rows[0]!.prev_hash).toBeNull();
        expect(rows[1]).toMatchObject({ prev_hash: transactions[0]!.hash, memo: expect.stringContaining(JSON.stringify(CONDITION).slice(1, -1)) });
        expect(rows[3]).toMatchObject({ kind: 'reversal', reverses: transactions[2]!.id, posted_by: fund.managerId });
      }
      if (table === 'balances') {
        expect(rows).toHaveLength(balances.length);
        for (const b of balances) expect(rows).toContainEqual(expect.objectContaining({ account_kind: b.kind, organisation_id: b.organisationId, balance_pence: b.balancePence }));
        expect(rows.find((r) => r.balance_pence === -60_000_00)).toMatchObject({ account_kind: 'contributions', balance_gbp: '-60000.00', debits_pence: 0, credits_pence: 60_000_00 });
      }
    }
  });

  it('defuses text a spreadsheet would run as a formula, and keeps it as plain text in JSON and XLSX', async () => {
    const csv = (await download('format=csv&table=transactions')).body.toString('utf8');
    expect(csv).toContain(`,"'${REASON.replace(/"/g, '""')}",`);
    expect((await rowsOf('json', (await download('format=json&table=transactions')).body)).rows[3]!.reason).toBe(REASON);
    const xlsx = await rowsOf('xlsx', (await download('format=xlsx&table=transactions')).body);
    expect(xlsx.rows[3]!.reason).toBe(REASON);
  });

  it('exports a period: transactions effective from one day to another, balances as at a day', async () => {
    const res = await download('format=json&table=entries&from=2026-02-01&to=2026-04-30');
    const { rows, json } = await rowsOf('json', res.body);
    expect(json).toMatchObject({ from: '2026-02-01', to: '2026-04-30' });
    expect(rows.map((r) => r.seq)).toEqual([2, 2, 3, 3]);
    expect(res.headers['content-disposition']).toMatch(/ledger-entries-from-2026-02-01-to-2026-04-30\.json"$/);
    await checkManifest(res, 'entries', 4);
    const balances = await rowsOf('csv', (await download('format=csv&table=balances&to=2026-02-01')).body);
    expect(balances.rows.map((r) => [r.account_kind, r.balance_gbp])).toEqual([
      ['contributions', '-60000.00'],
      ['unallocated', '60000.00'],
    ]);
  });

  it('exports a period with nothing in it as a valid empty file, in every format', async () => {
    for (const format of FORMATS) {
      for (const [table, period] of [['entries', 'from=2025-01-01&to=2025-12-31'], ['transactions', 'from=2027-01-01'], ['balances', 'to=2025-12-31']] as const) {
        const res = await download(`format=${format}&table=${table}&${period}`);
        const { header, rows, json } = await rowsOf(format, res.body);
        expect(rows).toEqual([]);
        if (format === 'json') expect(json!.rows).toEqual([]);
        else expect(header.length).toBeGreaterThan(5);
        await checkManifest(res, table, 0);
      }
    }
    expect((await download('format=csv&table=entries&to=2025-12-31')).body.toString('utf8')).toMatch(/^entry_id,[a-z_,]+\r\n$/);
  });

  it('refuses a bad query with 400, naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['format=pdf&table=entries', 'format'],
      ['table=entries', 'format'],
      ['format=csv&table=ledger', 'table'],
      ['format=csv&table=entries&from=2026-02-30', 'from'],
      ['format=csv&table=entries&to=yesterday', 'to'],
      ['format=csv&table=entries&from=2026-03-01&to=2026-02-01', 'to'],
      ['format=csv&table=balances&from=2026-01-01', 'from'],
      ['format=csv&table=entries&fund=other', 'fund'],
      ['format=csv&format=json&table=entries', 'format'],
    ];
    for (const [params, field] of cases) {
      const res = await api(exportPath(params)).expect(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field })]);
    }
    const before = await query(t.db.url, `SELECT count(*)::int AS n FROM exports`);
    await api(exportPath('format=pdf&table=entries')).expect(400);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM exports`)).toEqual(before); // nothing recorded for a refused request
    await api(exportPath('format=csv&table=entries', '00000000-0000-4000-8000-000000000000')).expect(404);
  });

  it('is refused (403) to a token without ledger:read and to the auditor of another fund, and allowed to this fund’s auditor', async () => {
    const narrow = await accessToken(t, fund.managerAccount, ['funds:manage']);
    await api(exportPath('format=csv&table=entries'), narrow).expect(403);
    const other = await fundWithMoney(t, 'Other Fund', ['BS5']);
    const outsider = await accessToken(t, await createAccount(t.db.url, { roles: [{ role: 'auditor', scopeType: 'fund', scopeId: other.fundId }] }), ['ledger:read']);
    await api(exportPath('format=csv&table=entries'), outsider).expect(403);
    const auditor = await accessToken(t, await createAccount(t.db.url, { roles: [{ role: 'auditor', scopeType: 'fund', scopeId: fund.fundId }] }), ['ledger:read']);
    const res = await download('format=csv&table=balances', auditor);
    expect((await rowsOf('csv', res.body)).rows).toHaveLength(6);
    await t.http().get(exportPath('format=csv&table=entries')).expect(401);
  });

  it('downloads from the web route for a signed-in fund manager, with the same manifest', async () => {
    const web = new WebSession(t);
    const path = `/manage/funds/${fund.fundId}/books/export/ledger`;
    expect((await web.get(`${path}?format=csv&table=transactions`).expect(303)).headers.location).toMatch(/^\/sign-in\?returnTo=/);
    await web.signIn(fund.managerAccount.email, fund.managerAccount.password);
    const res = (await web.get(`${path}?format=csv&table=transactions`).buffer(true).parse(binary).expect(200)) as Response & { body: Buffer };
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect((await rowsOf('csv', res.body)).rows.map((r) => r.hash)).toEqual(transactions.map((x) => x.hash));
    await checkManifest(res, 'transactions', 4);
    const bad = await web.get(`${path}?format=csv&table=entries&from=2026-13-01`).expect(400);
    expect(bad.headers['content-type']).toMatch(/^text\/html/);
  });

  it('lets the database connection go when the client leaves mid-file, and records the export as failed', async () => {
    const big = await fundWithMoney(t, 'Big Fund', ['BS5'], { scopes: ['ledger:read'] });
    await bulkEntries(t, big.fundId, 40_000);
    const path = `/api/v1/funds/${big.fundId}/ledger/export?format=csv&table=entries`;
    const url = new URL(t.url);
    // More aborted downloads than the pool has connections (a leaked connection each would leave none), in every format.
    for (let i = 0; i < 12; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest({ host: url.hostname, port: url.port, path: path.replace('csv', FORMATS[i % 3]!), headers: { authorization: `Bearer ${big.manager}` } }, (res) => {
          if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', () => undefined);
        req.end();
      });
    }
    // The server learns of each departure a moment later, and each closed connection's backend ends a moment after that.
    const settled = async () => {
      const statuses = await query<{ status: string; n: number }>(t.db.url, `SELECT status, count(*)::int AS n FROM exports WHERE scope->>'fundId' = $1 GROUP BY status`, [big.fundId]);
      const reading = await query(t.db.url, `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND query LIKE '%FROM ledger_entries e%' AND pid <> pg_backend_pid()`);
      return { statuses, reading: reading.length };
    };
    const deadline = Date.now() + 20_000;
    let seen = await settled();
    while (Date.now() < deadline && !(seen.statuses.length === 1 && seen.statuses[0]!.n === 12 && seen.reading === 0)) {
      await new Promise((r) => setTimeout(r, 100));
      seen = await settled();
    }
    expect(seen).toEqual({ statuses: [{ status: 'failed', n: 12 }], reading: 0 });
    const whole = (await api(path, big.manager).buffer(true).parse(binary).expect(200)) as Response & { body: Buffer };
    expect(whole.body.toString('utf8').split('\r\n')).toHaveLength(1 + 2 + 80_000 + 1);
  });
});

/** `count` more balanced transactions (two entries each) in a fund's books, written in SQL: what postings would make, without the hashing. */
async function bulkEntries(t: TestApp, fundId: string, count: number): Promise<void> {
  await query(
    t.db.url,
    `WITH accounts AS (
       SELECT (SELECT id FROM ledger_accounts WHERE fund_id = $1 AND kind = 'unallocated') AS debit, (SELECT id FROM ledger_accounts WHERE fund_id = $1 AND kind = 'contributions') AS credit),
     posted AS (
       INSERT INTO ledger_transactions (fund_id, seq, kind, idempotency_key, memo, effective_on, posted_at, prev_hash, hash)
       SELECT $1, g, 'contribution', 'bulk:' || $1 || ':' || g, '{}', '2026-06-01', now(), md5(g::text) || md5(g::text), md5(g::text || 'h') || md5(g::text || 'h')
         FROM generate_series(2, $2::int + 1) AS g
       RETURNING id)
     INSERT INTO ledger_entries (transaction_id, account_id, amount_pence)
     SELECT posted.id, e.account, e.amount FROM posted, accounts, LATERAL (VALUES (accounts.debit, 100::bigint), (accounts.credit, -100::bigint)) AS e(account, amount)`,
    [fundId, count],
  );
}
