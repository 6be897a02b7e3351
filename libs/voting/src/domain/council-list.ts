import { createHash } from 'node:crypto';

/**
 * A council's list of who may vote, as it sends it: a CSV of SHA-256 digests of an identifier
 * each resident can show staff (an electoral register number, a council tax reference), so the
 * platform never holds the identifiers themselves. Council and platform must digest the same
 * text: the identifier's letters and digits only, in capitals ("ab-123 4" is "AB1234"), as UTF-8.
 */
export const IDENTIFIER_COLUMN = 'identifier_sha256';
/** Big enough for a city's electoral register; a file of digests is about 65 bytes a line. */
export const MAX_LIST_IDENTIFIERS = 500_000;
/** The most an upload may be: that many digests, with room for a header and a few other columns. */
export const ELIGIBILITY_LIST_MAX_BYTES = 40 * 1024 * 1024;

/** The identifier as both sides digest it; empty when it has no letter or digit at all. */
export function normaliseIdentifier(typed: string): string {
  return typed.normalize('NFKC').toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/** Shown to councils beside its digest, so they can check their own tool digests the same way. */
export const EXAMPLE_IDENTIFIER = 'ab-123 4';

export function identifierDigest(typed: string): string {
  return createHash('sha256').update(normaliseIdentifier(typed), 'utf8').digest('hex');
}

export interface ListProblem {
  /** 1-based, as a spreadsheet numbers its rows; absent for the file as a whole. */
  line?: number;
  problem: 'notText' | 'empty' | 'noColumn' | 'notDigest' | 'tooMany';
}

export type ReadList = { ok: true; digests: string[]; duplicates: number } | { ok: false; problems: ListProblem[] };

const DIGEST = /^[0-9a-f]{64}$/;

/**
 * Reads the council's file: one digest a line, or a CSV whose header has an `identifier_sha256`
 * column (other columns are ignored, and must not hold personal data: the file is not kept).
 * Digests are read in either case and kept in lower case; repeats count once. The first few bad
 * lines are named, and nothing is taken from a file with any.
 */
export function readEligibilityList(bytes: Buffer): ReadList {
  const text = bytes.toString('utf8');
  // A spreadsheet saved as something other than text, or not UTF-8: refused, not half-read.
  if (bytes.includes(0) || text.includes('\uFFFD')) return { ok: false, problems: [{ problem: 'notText' }] };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const cells = (line: string) => csvCells(line).map((c) => c.trim());
  const header = cells(lines[0] ?? '').map((c) => c.toLowerCase());
  const column = header.indexOf(IDENTIFIER_COLUMN);
  const headed = column >= 0;
  if (!headed && header.length > 1) return { ok: false, problems: [{ line: 1, problem: 'noColumn' }] };
  const seen = new Set<string>();
  const problems: ListProblem[] = [];
  let read = 0;
  for (let i = headed ? 1 : 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const digest = (cells(lines[i])[headed ? column : 0] ?? '').toLowerCase();
    read += 1;
    if (!DIGEST.test(digest)) {
      if (problems.length < 10) problems.push({ line: i + 1, problem: 'notDigest' });
      continue;
    }
    seen.add(digest);
  }
  if (problems.length > 0) return { ok: false, problems };
  if (seen.size === 0) return { ok: false, problems: [{ problem: 'empty' }] };
  if (seen.size > MAX_LIST_IDENTIFIERS) return { ok: false, problems: [{ problem: 'tooMany' }] };
  return { ok: true, digests: [...seen], duplicates: read - seen.size };
}

/** One CSV line's cells (RFC 4180): a quoted cell may hold commas, and "" for a quote. */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell.trim() === '') {
      cell = '';
      quoted = true;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}
