import { createHash } from 'node:crypto';
import type { Response } from 'superagent';
import { DataSource } from 'typeorm';
import { verifyAuditChain, type StoredAuditRow } from '@commonpurse/audit';
import { createAccount, query } from '@commonpurse/testing';
import { ChainAuditLog1795480000000 } from '../../migrations/1795480000000-ChainAuditLog';
import { fundWithMoney, type FundSetUp } from '../support/funds';
import { startTestApp, type TestApp } from '../support/test-app';
import { accessToken, WebSession } from '../support/web-session';

type AuditRow = {
  id: string;
  action: string;
  after: unknown;
  request_id: string | null;
  prev_hash: string | null;
  hash: string;
};

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/** The response's bytes exactly as sent, whatever its type. */
const bytes = (res: Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** RFC 4180, strictly: fields quoted or not, "" inside quotes, every record ending CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error('unterminated quoted field');
        field += text.slice(i, quote);
        i = quote + 1;
        if (text[i] !== '"') break;
        field += '"';
        i += 1;
      }
    } else {
      const end = text.slice(i).search(/[,\r\n]/);
      field = end < 0 ? text.slice(i) : text.slice(i, i + end);
      i += field.length;
    }
    record.push(field);
    if (text[i] === ',') i += 1;
    else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else throw new Error(`expected , or CRLF at ${i}`);
  }
  if (record.length) throw new Error('the last record does not end with CRLF');
  return records;
}

describe('the audit log: chained, verified, exported', () => {
  let t: TestApp;
  let fund: FundSetUp;
  let auditor: string;

  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    fund = await fundWithMoney(t, 'Audit Fund', ['BS5'], { scopes: ['ledger:read'] });
    auditor = await accessToken(t, await createAccount(t.db.url, { roles: [{ role: 'auditor' }] }), ['ledger:read']);
  });
  afterAll(async () => t.close());

  const get = (path: string, token = auditor) => t.http().get(path).auth(token, { type: 'bearer' });
  /** An export's manifest once complete: it is written after the file's last byte, so just after the client has it. */
  const finished = async (exportId: string) => {
    for (let attempt = 0; ; attempt += 1) {
      const manifest = await get(`/api/v1/exports/${exportId}`).expect(200);
      if (manifest.body.status === 'complete' || attempt === 50) return manifest;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const rows = () => query<AuditRow>(t.db.url, `SELECT id::text, action, after, request_id, prev_hash, hash FROM audit_log ORDER BY audit_log.id`);
  const contribute = (name: string, requestId?: string) => {
    const post = t.http().post(`/api/v1/funds/${fund.fundId}/contributions`).auth(fund.manager, { type: 'bearer' });
    if (requestId) post.set('X-Request-Id', requestId);
    return post.send({ organisationIdentifier: 'GB-CHC-1080418', organisationName: name, amountPence: 250_00, receivedOn: '2026-02-01' }).expect(201);
  };

  it('chains every staff action and keeps the request id the API answered with', async () => {
    const chosen = await contribute('Quartet, the "Community" Foundation', 'audit-e2e-0001');
    expect(chosen.headers['x-request-id']).toBe('audit-e2e-0001');
    const assigned = await contribute('Harbour Trust');
    const web = new WebSession(t);
    await web.signIn(fund.managerAccount.email, fund.managerAccount.password);
    const form = await web.submit(`/manage/funds/${fund.fundId}`, { organisationName: 'Web Trust', organisationIdentifier: 'GB-CHC-1234567', amount: '10', 'receivedOn-day': '1', 'receivedOn-month': '2', 'receivedOn-year': '2026' }, `/manage/funds/${fund.fundId}/contributions`);
    expect(form.status).toBe(303);

    const log = await rows();
    // Creating a fund makes its creator the fund's manager: a role, so audited too.
    expect(log.map((r) => r.action)).toEqual(['funds.create', 'identity.grant-role', 'funds.record-contribution', 'funds.record-contribution', 'funds.record-contribution', 'funds.record-contribution']);
    expect(log.slice(3).map((r) => r.request_id)).toEqual(['audit-e2e-0001', assigned.headers['x-request-id'], form.headers['x-request-id']]);
    expect(assigned.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(log[0]!.prev_hash).toBeNull();
    for (let i = 1; i < log.length; i += 1) expect(log[i]!.prev_hash).toBe(log[i - 1]!.hash);

    const verified = await get('/api/v1/audit-log/verification').expect(200);
    expect(verified.body).toEqual({ rows: log.length, chainBreak: null, head: { id: log.at(-1)!.id, hash: log.at(-1)!.hash } });
  });

  it('never forks, however many staff actions arrive at once', async () => {
    // New funds: nothing else (such as a fund's ledger lock) puts these in a queue before the audit log does.
    const create = (i: number) => t.http().post('/api/v1/funds').auth(fund.manager, { type: 'bearer' }).send({ name: `Parallel Fund ${i}`, purpose: 'p', areas: [{ kind: 'postcode_district', code: 'BS5' }] }).expect(201);
    await Promise.all(Array.from({ length: 12 }, (_, i) => create(i)));
    const log = await rows();
    expect(new Set(log.map((r) => r.prev_hash)).size).toBe(log.length);
    expect((await get('/api/v1/audit-log/verification').expect(200)).body).toMatchObject({ rows: log.length, chainBreak: null });
  });

  it('reports a row forged behind the trigger at that row', async () => {
    const [victim] = await query<{ id: string; after: string }>(t.db.url, `SELECT id::text, after::text FROM audit_log WHERE action = 'funds.record-contribution' ORDER BY audit_log.id LIMIT 1 OFFSET 1`);
    await query(t.db.url, `ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    try {
      await query(t.db.url, `UPDATE audit_log SET after = jsonb_set(after, '{amountPence}', '1') WHERE id = $1`, [victim!.id]);
      const forged = await get('/api/v1/audit-log/verification').expect(200);
      expect(forged.body).toMatchObject({ chainBreak: { id: victim!.id, problem: 'hashMismatch' }, head: null });
      expect(forged.body.rows).toBe((await rows()).findIndex((r) => r.id === victim!.id) + 1);
    } finally {
      await query(t.db.url, `UPDATE audit_log SET after = $2::jsonb WHERE id = $1`, [victim!.id, victim!.after]);
      await query(t.db.url, `ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    }
    expect((await get('/api/v1/audit-log/verification').expect(200)).body.chainBreak).toBeNull();
    await expect(query(t.db.url, `UPDATE audit_log SET after = '{}' WHERE id = $1`, [victim!.id])).rejects.toThrow(/append-only/);
  });

  it('exports a period as RFC 4180 CSV whose manifest hash is that of its bytes', async () => {
    // A request id a caller chose, starting with a formula sign: it must reach a spreadsheet as text.
    await contribute('Formula Trust', '-2-3-cmd-0001');
    const log = await rows();
    const res = await get(`/api/v1/audit-log?format=csv&from=${today()}&to=${today()}`).buffer(true).parse(bytes).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const file = res.body as Buffer;
    const text = file.toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).not.toMatch(/[^\r]\n/);
    const [header, ...records] = parseCsv(text);
    expect(header).toEqual(['id', 'at', 'actorId', 'action', 'entityType', 'entityId', 'before', 'after', 'requestId', 'prevHash', 'hash']);
    expect(records.map((r) => r[0])).toEqual(log.map((r) => r.id));
    const quartet = records.find((r) => r[8] === 'audit-e2e-0001')!;
    expect(JSON.parse(quartet[7]!)).toEqual(log.find((r) => r.request_id === 'audit-e2e-0001')!.after);
    expect(records.filter((r) => r[8]!.includes('-2-3-cmd-0001')).map((r) => r[8])).toEqual(["'-2-3-cmd-0001"]);
    expect(records.map((r) => r[10])).toEqual(log.map((r) => r.hash));

    const manifest = await finished(res.headers['x-export-id']);
    expect(res.headers.link).toBe(`</api/v1/exports/${res.headers['x-export-id']}>; rel="describedby"`);
    expect(manifest.body).toMatchObject({ kind: 'audit-log', format: 'csv', status: 'complete', scope: { from: today(), to: today(), action: null }, rows: { auditLog: records.length }, bytes: file.length });
    expect(manifest.body.sha256).toBe(createHash('sha256').update(file).digest('hex'));
    // Who exported what is itself in the log, with the request it came from.
    const [recorded] = await query<{ after: { sha256: string }; request_id: string }>(t.db.url, `SELECT after, request_id FROM audit_log WHERE action = 'exports.export' AND entity_id = $1`, [res.headers['x-export-id']]);
    expect(recorded).toEqual({ after: expect.objectContaining({ sha256: manifest.body.sha256, rows: { auditLog: records.length } }), request_id: res.headers['x-request-id'] });
  });

  it('exports JSON from which the chain can be checked without the system', async () => {
    const log = await rows();
    const res = await get('/api/v1/audit-log?format=json').buffer(true).parse(bytes).expect(200);
    const file = res.body as Buffer;
    const parsed = JSON.parse(file.toString('utf8')) as { from: null; to: null; action: null; rows: Array<Omit<StoredAuditRow, 'at'> & { at: string }> };
    expect(parsed).toMatchObject({ from: null, to: null, action: null });
    expect(parsed.rows.map((r) => r.id)).toEqual(log.map((r) => r.id));
    expect(verifyAuditChain(parsed.rows.map((r) => ({ ...r, at: new Date(r.at) })))).toBeNull();
    const manifest = await finished(res.headers['x-export-id']);
    expect(manifest.body).toMatchObject({ rows: { auditLog: parsed.rows.length }, bytes: file.length, sha256: createHash('sha256').update(file).digest('hex') });

    const contributions = await get('/api/v1/audit-log?format=json&action=funds.record-').expect(200);
    await finished(contributions.headers['x-export-id']);
    expect(new Set(contributions.body.rows.map((r: { action: string }) => r.action))).toEqual(new Set(['funds.record-contribution']));
  });

  it('gives a valid empty file for a period with nothing in it', async () => {
    const csv = await get('/api/v1/audit-log?format=csv&from=2020-01-01&to=2020-01-31').buffer(true).parse(bytes).expect(200);
    expect((csv.body as Buffer).toString('utf8')).toBe('id,at,actorId,action,entityType,entityId,before,after,requestId,prevHash,hash\r\n');
    const json = await get('/api/v1/audit-log?format=json&from=2020-01-01&to=2020-01-31').expect(200);
    expect(json.body).toEqual({ from: '2020-01-01', to: '2020-01-31', action: null, rows: [] });
    expect((await finished(json.headers['x-export-id'])).body.rows).toEqual({ auditLog: 0 });
    await finished(csv.headers['x-export-id']);
  });

  it('refuses a period or format it cannot answer, before any file starts', async () => {
    for (const [path, field] of [
      ['?format=csv&from=2026-02-30', 'from'],
      ['?format=csv&from=2026-03-02&to=2026-03-01', 'to'],
      ['?format=xlsx', 'format'],
      ['?from=2026-01-01', 'format'],
      ['?format=csv&action=%25', 'action'],
    ] as const) {
      const refused = await get(`/api/v1/audit-log${path}`).expect(400);
      expect(refused.body.details).toEqual([expect.objectContaining({ field })]);
    }
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM exports WHERE status = 'streaming'`)).toEqual([{ n: 0 }]);
  });

  it('lists entries newest first, a page at a time, by entity', async () => {
    const first = await get(`/api/v1/audit-log/entries?entityType=fund&entityId=${fund.fundId}&limit=2`).expect(200);
    const all = await query<{ id: string }>(t.db.url, `SELECT id::text FROM audit_log WHERE entity_type = 'fund' AND entity_id = $1 ORDER BY audit_log.id DESC`, [fund.fundId]);
    expect(first.body.entries.map((e: { id: string }) => e.id)).toEqual(all.slice(0, 2).map((r) => r.id));
    const second = await get(`/api/v1/audit-log/entries?entityType=fund&entityId=${fund.fundId}&limit=2&before=${first.body.next}`).expect(200);
    expect(second.body.entries.map((e: { id: string }) => e.id)).toEqual(all.slice(2, 4).map((r) => r.id));
    expect((await get(`/api/v1/audit-log/entries?actorId=${fund.managerId}&limit=200`).expect(200)).body).toMatchObject({ entries: expect.arrayContaining([expect.objectContaining({ action: 'funds.create' })]), next: null });
    await get('/api/v1/audit-log/entries?limit=500').expect(400);
  });

  it('is only for those who may read every fund: a fund’s own auditor is refused', async () => {
    const fundAuditor = await accessToken(t, await createAccount(t.db.url, { roles: [{ role: 'auditor', scopeType: 'fund', scopeId: fund.fundId }] }), ['ledger:read']);
    await get(`/api/v1/funds/${fund.fundId}/ledger`, fundAuditor).expect(200);
    for (const path of ['/api/v1/audit-log?format=csv', '/api/v1/audit-log/verification', '/api/v1/audit-log/entries']) await get(path, fundAuditor).expect(403);
    // The fund manager's role is global, so they may.
    await get('/api/v1/audit-log/verification', fund.manager).expect(200);
  });

  it('chains the rows written before the chain existed, and goes on from them', async () => {
    const dataSource = t.app.get(DataSource);
    const migration = new ChainAuditLog1795480000000();
    const runner = dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await migration.down(runner);
      // Rows as the old code wrote them: the time from now(), to the microsecond.
      await runner.query(`INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before, after) VALUES ($1, 'funds.update', 'fund', $2, '{"name": "Old"}', '{"name": "New"}'), (NULL, 'funds.advance-phase', 'round', 'r-1', NULL, '[1, 2.5, "x"]')`, [fund.managerId, fund.fundId]);
      // Enough that the backfill and the verification each go past their first batch of 1,000.
      await runner.query(`INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before, after) SELECT NULL, 'funds.update', 'fund', 'f-' || n, NULL, jsonb_build_object('n', n) FROM generate_series(1, 1000) AS n`);
      await migration.up(runner);
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
    const before = await rows();
    expect(before.every((r) => r.request_id === null)).toBe(true);
    expect(await query(t.db.url, `SELECT count(*)::int AS n FROM audit_log WHERE at <> date_trunc('milliseconds', at)`)).toEqual([{ n: 0 }]);
    expect((await get('/api/v1/audit-log/verification').expect(200)).body).toMatchObject({ rows: before.length, chainBreak: null });

    await contribute('After the chain');
    const after = await rows();
    expect(after.at(-1)!.prev_hash).toBe(before.at(-1)!.hash);
    expect((await get('/api/v1/audit-log/verification').expect(200)).body).toEqual({ rows: after.length, chainBreak: null, head: { id: after.at(-1)!.id, hash: after.at(-1)!.hash } });
  });
});
