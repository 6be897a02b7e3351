/**
 * The ledger export's files: which query is a valid request, and the rows of a ledger table
 * written as CSV, JSON or XLSX, row by row, so a file of any length passes through in constant memory.
 */
import { Transform, pipeline, type Readable } from 'node:stream';
import { ValidationFailed, type FieldProblem } from '@commonpurse/kernel';
import { LEDGER_EXPORT_TABLES, isCalendarDay, type LedgerExportColumn, type LedgerExportRow, type LedgerExportTable } from '@commonpurse/ledger';
import { xlsxFile, type XlsxKind, type XlsxValue } from './xlsx-writer';

export const LEDGER_EXPORT_FORMATS = ['csv', 'json', 'xlsx'] as const;
export type LedgerExportFormat = (typeof LEDGER_EXPORT_FORMATS)[number];

export interface LedgerExportRequest {
  format: LedgerExportFormat;
  table: LedgerExportTable;
  from?: string;
  to?: string;
}

const PARAMETERS = ['format', 'table', 'from', 'to'];

/** The query of a ledger export, checked: every problem at once, each naming its field. */
export function parseLedgerExportQuery(query: Record<string, unknown>): LedgerExportRequest {
  const problems: FieldProblem[] = [];
  for (const name of Object.keys(query)) if (!PARAMETERS.includes(name)) problems.push({ field: name, problem: `${name} is not a parameter of the ledger export (${PARAMETERS.join(', ')})` });
  const oneOf = <T extends string>(field: string, allowed: readonly T[]): T | undefined => {
    const value = query[field];
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    problems.push({ field, problem: `${field} must be one of ${allowed.join(', ')}` });
    return undefined;
  };
  const day = (field: string): string | undefined => {
    const value = query[field];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && isCalendarDay(value)) return value;
    problems.push({ field, problem: `${field} must be a real day written YYYY-MM-DD` });
    return undefined;
  };
  const format = oneOf('format', LEDGER_EXPORT_FORMATS);
  const table = oneOf('table', LEDGER_EXPORT_TABLES);
  const from = day('from');
  const to = day('to');
  if (from && to && to < from) problems.push({ field: 'to', problem: 'to must not be before from' });
  if (table === 'balances' && query.from !== undefined) problems.push({ field: 'from', problem: 'balances are as at a day: give to (or nothing, for now), not from' });
  if (problems.length) throw new ValidationFailed(problems);
  return { format: format!, table: table!, from, to };
}

export interface LedgerFileHeading {
  fund: { id: string; slug: string; name: string };
  table: LedgerExportTable;
  from: string | null;
  to: string | null;
}

export interface LedgerFile {
  body: Readable;
  /** Data rows written so far (header rows not counted): the manifest's count once the body has ended. */
  rows(): number;
}

/**
 * The rows as a file. Destroying the body (a client that goes away) destroys `rows` too, so
 * whatever holds the rows' source (a database connection) is let go.
 */
export function ledgerFile(format: LedgerExportFormat, columns: LedgerExportColumn[], rows: Readable, heading: LedgerFileHeading): LedgerFile {
  if (format === 'xlsx') return ledgerXlsx(columns, rows, heading);
  const transform = format === 'csv' ? new CsvRows(columns) : new JsonRows(columns, heading);
  return { body: pipeline(rows, transform, () => undefined), rows: () => transform.rows };
}

// ---------------------------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------------------------

/** Whole pence as pounds with two decimals, by moving the point in the digits: exact for any amount. */
export function penceToPounds(pence: string): string {
  if (!/^-?\d+$/.test(pence)) throw new RangeError(`not whole pence: ${pence}`);
  const negative = pence.startsWith('-');
  const digits = (negative ? pence.slice(1) : pence).replace(/^0+(?=\d)/, '').padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** A column's headers: money comes as two, pounds (to read) and pence (to reconcile exactly). */
function headers(columns: LedgerExportColumn[], style: 'snake' | 'camel'): string[] {
  const name = (c: string) => (style === 'camel' ? c : c.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`));
  return columns.flatMap((c) => (c.kind === 'pence' ? [name(`${c.name}Gbp`), name(`${c.name}Pence`)] : [name(c.name)]));
}

/**
 * One CSV field of free text (RFC 4180): quoted when it holds a quote, comma or line break; text
 * that a spreadsheet would run as a formula (= + - @ tab CR first) is defused with a leading '.
 */
export function csvText(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Strings are pushed once they reach this size: far fewer, larger writes to the socket. */
const CHUNK_CHARS = 64 * 1024;

abstract class RowsToText extends Transform {
  rows = 0;
  private pending = '';

  constructor() {
    super({ writableObjectMode: true, writableHighWaterMark: 256 });
  }

  protected abstract line(row: LedgerExportRow): string;

  protected append(text: string): void {
    this.pending += text;
    if (this.pending.length >= CHUNK_CHARS) {
      this.push(this.pending);
      this.pending = '';
    }
  }

  override _transform(row: LedgerExportRow, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    try {
      this.append(this.line(row));
      this.rows += 1;
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  protected closing(): string {
    return '';
  }

  override _flush(done: (error?: Error | null) => void): void {
    this.push(this.pending + this.closing());
    done();
  }
}

/** RFC 4180: a header row, CRLF after every row, money as pounds and as pence. */
class CsvRows extends RowsToText {
  constructor(private readonly columns: LedgerExportColumn[]) {
    super();
    this.append(`${headers(columns, 'snake').map(csvText).join(',')}\r\n`);
  }

  protected line(row: LedgerExportRow): string {
    let line = '';
    for (let i = 0; i < this.columns.length; i++) {
      const value = row[i];
      const kind = this.columns[i]!.kind;
      if (i > 0) line += ',';
      if (kind === 'pence') line += value === null ? ',' : `${penceToPounds(value)},${value}`;
      else if (value === null) continue;
      // Ids, numbers, days and instants are written by Postgres in shapes that never need quoting.
      else if (kind === 'text' || kind === 'json') line += csvText(value);
      else line += value;
    }
    return `${line}\r\n`;
  }
}

/** `{"fund": …, "table": …, "from": …, "to": …, "rows": [ … ]}`, one row per line, written as the rows come. */
class JsonRows extends RowsToText {
  private readonly keys: string[];

  constructor(
    private readonly columns: LedgerExportColumn[],
    heading: LedgerFileHeading,
  ) {
    super();
    this.keys = columns.map((c) => JSON.stringify(c.name));
    this.append(`{"fund":${JSON.stringify(heading.fund)},"table":${JSON.stringify(heading.table)},"from":${JSON.stringify(heading.from)},"to":${JSON.stringify(heading.to)},"rows":[`);
  }

  protected line(row: LedgerExportRow): string {
    let line = this.rows === 0 ? '\n{' : ',\n{';
    for (let i = 0; i < this.columns.length; i++) {
      const value = row[i];
      const { kind, name } = this.columns[i]!;
      if (i > 0) line += ',';
      // Pounds as a string: a JSON number is read back as a binary float, and 0.1 + 0.2 is not 0.3.
      if (kind === 'pence') line += value === null ? `"${name}Gbp":null,"${name}Pence":null` : `"${name}Gbp":"${penceToPounds(value)}","${name}Pence":${value}`;
      else if (value === null) line += `${this.keys[i]}:null`;
      else if (kind === 'int') line += `${this.keys[i]}:${value}`;
      // Postgres' text of a jsonb value is itself JSON.
      else if (kind === 'json') line += `${this.keys[i]}:${value}`;
      else if (kind === 'text') line += `${this.keys[i]}:${JSON.stringify(value)}`;
      else line += `${this.keys[i]}:"${value}"`;
    }
    return `${line}}`;
  }

  protected override closing(): string {
    return this.rows === 0 ? ']}\n' : '\n]}\n';
  }
}

// ---------------------------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------------------------

/** The same cells as the CSV: money and numbers as numbers (a spreadsheet must be able to add them up), days as dates, the rest as text, never a formula. */
function ledgerXlsx(columns: LedgerExportColumn[], rows: Readable, heading: LedgerFileHeading): LedgerFile {
  const names = headers(columns, 'snake');
  const kinds = columns.flatMap((c): XlsxKind[] => (c.kind === 'pence' ? ['pounds', 'number'] : c.kind === 'int' ? ['number'] : c.kind === 'date' ? ['date'] : ['text']));
  const cells = (row: LedgerExportRow): XlsxValue[] => {
    const values: XlsxValue[] = [];
    for (let i = 0; i < columns.length; i++) {
      const value = row[i] ?? null;
      if (columns[i]!.kind === 'pence') values.push(value === null ? null : penceToPounds(value), value);
      else values.push(value);
    }
    return values;
  };
  return xlsxFile(heading.table, names.map((header, i) => ({ header, kind: kinds[i]! })), rows, cells);
}
