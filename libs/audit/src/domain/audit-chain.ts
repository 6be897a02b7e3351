import { createHash } from 'node:crypto';

// Imported by the migration that chains the existing rows, whose loader has no path aliases:
// this file imports nothing but Node.

/** What jsonb holds: the shape `before` and `after` have once stored and read back. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** What a row's hash covers: all of it but its id (identity values have gaps and say nothing). */
export interface AuditContent {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: JsonValue;
  after: JsonValue;
  /** To the millisecond: what a JavaScript date and the column both hold exactly. */
  at: Date;
  requestId: string | null;
  prevHash: string | null;
}

export interface StoredAuditRow extends AuditContent {
  id: string;
  hash: string;
}

/**
 * The value as the database will store it: through JSON once, so what is hashed when a row is
 * written (dates as strings, undefined dropped) is what verification reads back from jsonb.
 */
export function toJsonValue(value: unknown): JsonValue {
  return value === undefined || value === null ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

/** JSON with object keys sorted at every depth: jsonb keeps its own key order, so the hash must not depend on any. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(',')}}`;
}

/** SHA-256 (hex) of the row's content and the previous row's hash. */
export function auditHash(c: AuditContent): string {
  const content = {
    v: 1,
    actor: c.actorId,
    action: c.action,
    entityType: c.entityType,
    entityId: c.entityId,
    before: c.before,
    after: c.after,
    at: c.at.toISOString(),
    requestId: c.requestId,
    prev: c.prevHash,
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export type AuditChainProblem = 'previousHashMismatch' | 'hashMismatch';

export interface AuditChainBreak {
  id: string;
  problem: AuditChainProblem;
}

/**
 * Walks rows in id order and returns the first that does not follow from the one before it, or
 * null. A row changed in place fails its own hash; a row removed, moved or rehashed fails the
 * next row's link. `prevHash` is the hash of the row before the first given, when verifying
 * page by page. Removing the newest rows leaves a shorter chain that still holds: only a head
 * hash noted elsewhere (an export's manifest, a verification report) shows that.
 */
export function verifyAuditChain(rows: Iterable<StoredAuditRow>, prevHash: string | null = null): AuditChainBreak | null {
  let previous = prevHash;
  for (const row of rows) {
    if (row.prevHash !== previous) return { id: row.id, problem: 'previousHashMismatch' };
    if (auditHash(row) !== row.hash) return { id: row.id, problem: 'hashMismatch' };
    previous = row.hash;
  }
  return null;
}
