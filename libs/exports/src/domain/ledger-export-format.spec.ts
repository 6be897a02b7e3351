import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { ValidationFailed } from '@commonpurse/kernel';
import type { LedgerExportColumn } from '@commonpurse/ledger';
import { csvText, ledgerFile, parseLedgerExportQuery, penceToPounds } from './ledger-export-format';

const COLUMNS: LedgerExportColumn[] = [
  { name: 'entryId', kind: 'int' },
  { name: 'effectiveOn', kind: 'date' },
  { name: 'reason', kind: 'text' },
  { name: 'memo', kind: 'json' },
  { name: 'debit', kind: 'pence' },
];
const HEADING = { fund: { id: 'f', slug: 'fund', name: 'A "fund"' }, table: 'entries' as const, from: '2026-01-01', to: null };
const ROWS = [
  ['1', '2026-01-05', '=SUM(A1:A9)', '{"note": "a, \\"b\\""}', '1500037'],
  ['2', '2026-01-06', null, '{}', null],
  ['3', '2026-01-07', 'line\r\nbreak', '{}', '5'],
];

function problemsOf(query: Record<string, unknown>): Array<{ field: string }> {
  try {
    parseLedgerExportQuery(query);
  } catch (error) {
    if (error instanceof ValidationFailed) return error.details;
    throw error;
  }
  return [];
}

describe('ledger export files', () => {
  it('writes pence as pounds exactly, whatever the amount', () => {
    expect(['0', '5', '-5', '99', '100', '1500037', '-1500037', '900719925474099312'].map(penceToPounds)).toEqual(['0.00', '0.05', '-0.05', '0.99', '1.00', '15000.37', '-15000.37', '9007199254740993.12']);
    expect(() => penceToPounds('1.5')).toThrow(RangeError);
  });

  it('quotes CSV text only where needed and defuses what a spreadsheet would run', () => {
    expect(['plain', 'a,b', 'say "hi"', 'two\nlines', '=1+1', '+44', '-3', '@SUM(A1)', '\tx', '\rx'].map(csvText)).toEqual([
      'plain',
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
      "'=1+1",
      "'+44",
      "'-3",
      "'@SUM(A1)",
      "'\tx",
      `"'\rx"`,
    ]);
  });

  it('checks the query, naming each field at fault', () => {
    expect(parseLedgerExportQuery({ format: 'csv', table: 'entries', from: '2026-01-01', to: '2026-01-31' })).toEqual({ format: 'csv', table: 'entries', from: '2026-01-01', to: '2026-01-31' });
    expect(parseLedgerExportQuery({ format: 'xlsx', table: 'balances', to: '2026-01-31' })).toEqual({ format: 'xlsx', table: 'balances', from: undefined, to: '2026-01-31' });
    expect(problemsOf({ format: 'pdf', table: 'entries' })).toEqual([expect.objectContaining({ field: 'format' })]);
    expect(problemsOf({ format: ['csv', 'json'], table: 'entries' })).toEqual([expect.objectContaining({ field: 'format' })]);
    expect(problemsOf({ format: 'csv' })).toEqual([expect.objectContaining({ field: 'table' })]);
    expect(problemsOf({ format: 'csv', table: 'entries', from: '2026-02-30' })).toEqual([expect.objectContaining({ field: 'from' })]);
    expect(problemsOf({ format: 'csv', table: 'entries', from: '2026-02-02', to: '2026-02-01' })).toEqual([expect.objectContaining({ field: 'to' })]);
    expect(problemsOf({ format: 'csv', table: 'balances', from: '2026-02-02' })).toEqual([expect.objectContaining({ field: 'from' })]);
    expect(problemsOf({ format: 'csv', table: 'entries', since: '2026-02-02' })).toEqual([expect.objectContaining({ field: 'since' })]);
  });

  it('writes CSV: a header, CRLF rows, money in pounds and pence, empty cells for nothing', async () => {
    const file = ledgerFile('csv', COLUMNS, Readable.from(ROWS), HEADING);
    expect(await text(file.body)).toBe(
      'entry_id,effective_on,reason,memo,debit_gbp,debit_pence\r\n' +
        `1,2026-01-05,'=SUM(A1:A9),"{""note"": ""a, \\""b\\""""}",15000.37,1500037\r\n` +
        '2,2026-01-06,,{},,\r\n' +
        '3,2026-01-07,"line\r\nbreak",{},0.05,5\r\n',
    );
    expect(file.rows()).toBe(3);
  });

  it('writes JSON that parses back to the rows, and an empty array when there are none', async () => {
    const file = ledgerFile('json', COLUMNS, Readable.from(ROWS), HEADING);
    const parsed = JSON.parse(await text(file.body));
    expect(parsed).toMatchObject({ fund: HEADING.fund, table: 'entries', from: '2026-01-01', to: null });
    expect(parsed.rows[0]).toEqual({ entryId: 1, effectiveOn: '2026-01-05', reason: '=SUM(A1:A9)', memo: { note: 'a, "b"' }, debitGbp: '15000.37', debitPence: 1500037 });
    expect(parsed.rows[1]).toMatchObject({ reason: null, debitGbp: null, debitPence: null });
    expect(file.rows()).toBe(3);
    expect(JSON.parse(await text(ledgerFile('json', COLUMNS, Readable.from([]), HEADING).body)).rows).toEqual([]);
  });

  it('writes an XLSX workbook with numbers for money, dates for days and text, never formulas, for the rest', async () => {
    const file = ledgerFile('xlsx', COLUMNS, Readable.from(ROWS), HEADING);
    const chunks: Buffer[] = [];
    for await (const chunk of file.body) chunks.push(chunk as Buffer);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('entries')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'entry_id', 'effective_on', 'reason', 'memo', 'debit_gbp', 'debit_pence']);
    expect(sheet.getRow(2).values).toEqual([undefined, 1, new Date('2026-01-05T00:00:00Z'), '=SUM(A1:A9)', '{"note": "a, \\"b\\""}', 15000.37, 1500037]);
    expect(sheet.actualRowCount).toBe(4);
    expect(file.rows()).toBe(3);
  });
});
