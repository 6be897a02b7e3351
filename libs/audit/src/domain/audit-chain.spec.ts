import { auditHash, canonicalJson, toJsonValue, verifyAuditChain, type AuditContent, type StoredAuditRow } from './audit-chain';

const MANAGER = '00000000-0000-4000-8000-000000000001';

/** A chain of `n` rows written the way AuditTrail writes them. */
function chain(n: number): StoredAuditRow[] {
  const rows: StoredAuditRow[] = [];
  for (let i = 0; i < n; i += 1) {
    const content: AuditContent = {
      actorId: i === 2 ? null : MANAGER,
      action: 'funds.record-contribution',
      entityType: 'fund',
      entityId: `fund-${i}`,
      before: i === 0 ? null : { amountPence: i * 100 },
      after: { amountPence: (i + 1) * 100, areas: [{ kind: 'ward', code: 'E05001979' }] },
      at: new Date(Date.UTC(2026, 0, 5, 12, 0, i, 123)),
      requestId: i === 2 ? null : `req-${i}-0000`,
      prevHash: rows.at(-1)?.hash ?? null,
    };
    rows.push({ ...content, id: String(i + 1), hash: auditHash(content) });
  }
  return rows;
}

describe('the audit chain', () => {
  it('holds for rows written in order, and across pages', () => {
    const rows = chain(5);
    expect(verifyAuditChain(rows)).toBeNull();
    expect(verifyAuditChain([])).toBeNull();
    expect(verifyAuditChain(rows.slice(3), rows[2]!.hash)).toBeNull();
    expect(rows[0]!.prevHash).toBeNull();
    expect(new Set(rows.map((r) => r.hash)).size).toBe(5);
  });

  it('does not depend on key order (jsonb keeps its own) and reads back what JSON stores', () => {
    const row = chain(1)[0]!;
    const reordered = { ...row, after: { areas: [{ code: 'E05001979', kind: 'ward' }], amountPence: 100 } };
    expect(auditHash(reordered)).toBe(row.hash);
    expect(canonicalJson({ b: [1, { d: null, c: 'x' }], a: true })).toBe('{"a":true,"b":[1,{"c":"x","d":null}]}');
    expect(toJsonValue({ on: new Date(Date.UTC(2026, 0, 5)), gone: undefined, list: [undefined] })).toEqual({ on: '2026-01-05T00:00:00.000Z', list: [null] });
    expect(toJsonValue(undefined)).toBeNull();
  });

  it('reports a row edited in place at that row', () => {
    const rows = chain(4);
    rows[1] = { ...rows[1]!, after: { amountPence: 999_999_00 } };
    expect(verifyAuditChain(rows)).toEqual({ id: '2', problem: 'hashMismatch' });
    // Every part of the content counts, the time and the request too.
    for (const change of [{ at: new Date(rows[2]!.at.getTime() + 1) }, { requestId: 'forged-0000' }, { actorId: MANAGER }, { action: 'funds.create' }]) {
      const again = chain(4);
      again[2] = { ...again[2]!, ...change };
      expect(verifyAuditChain(again)).toEqual({ id: '3', problem: 'hashMismatch' });
    }
  });

  it('reports a removed row at the row after it', () => {
    const rows = chain(4);
    rows.splice(1, 1);
    expect(verifyAuditChain(rows)).toEqual({ id: '3', problem: 'previousHashMismatch' });
    // The first row removed: the new first row names a predecessor that is not there.
    expect(verifyAuditChain(chain(3).slice(1))).toEqual({ id: '2', problem: 'previousHashMismatch' });
  });

  it('reports rows put out of order', () => {
    const rows = chain(4);
    [rows[1], rows[2]] = [rows[2]!, rows[1]!];
    expect(verifyAuditChain(rows)).toEqual({ id: '3', problem: 'previousHashMismatch' });
  });

  it('reports a row edited and rehashed at the next row, whose link no longer matches', () => {
    const rows = chain(4);
    const forged = { ...rows[1]!, after: { amountPence: 1 } };
    rows[1] = { ...forged, hash: auditHash(forged) };
    expect(verifyAuditChain(rows)).toEqual({ id: '3', problem: 'previousHashMismatch' });
  });
});
