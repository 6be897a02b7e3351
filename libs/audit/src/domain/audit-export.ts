import type { StoredAuditRow } from './audit-chain';
import type { AuditFilter } from './audit-filter';

/** Every column a row's hash covers, and the hashes: enough to check the chain from the file alone. */
export const AUDIT_COLUMNS = ['id', 'at', 'actorId', 'action', 'entityType', 'entityId', 'before', 'after', 'requestId', 'prevHash', 'hash'] as const;

/** One CSV field (RFC 4180); text a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvField(value: string | null): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(cells: Array<string | null>): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

export function auditCsvHeader(): string {
  return csvLine([...AUDIT_COLUMNS]);
}

/** `before` and `after` as their JSON text; an absent one as an empty field. */
export function auditCsvRow(row: StoredAuditRow): string {
  const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
  return csvLine([row.id, row.at.toISOString(), row.actorId, row.action, row.entityType, row.entityId, json(row.before), json(row.after), row.requestId, row.prevHash, row.hash]);
}

/** The JSON file opens with what was asked for; rows follow one per line, so it can be written as it is read. */
export function auditJsonOpening(filter: Pick<AuditFilter, 'from' | 'to' | 'action'>): string {
  return `{"from":${JSON.stringify(filter.from)},"to":${JSON.stringify(filter.to)},"action":${JSON.stringify(filter.action)},"rows":[`;
}

export function auditJsonRow(row: StoredAuditRow, first: boolean): string {
  const { id, at, actorId, action, entityType, entityId, before, after, requestId, prevHash, hash } = row;
  return `${first ? '' : ','}\n${JSON.stringify({ id, at: at.toISOString(), actorId, action, entityType, entityId, before, after, requestId, prevHash, hash })}`;
}

export function auditJsonClosing(rows: number): string {
  return `${rows === 0 ? '' : '\n'}]}\n`;
}
