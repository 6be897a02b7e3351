/**
 * Paper ballots typed in by the batch, twice: two people each key the same box of sheets, and
 * only when their keyings agree sheet by sheet is the batch entered. A keying is a list of
 * sheets, each one line as staff type it:
 *
 *     1, jo@example.org, WW-001 WW-003
 *     2, sam@example.org, WW-002:4 WW-003:6      (cumulative ballots: points after a colon)
 *
 * the sheet's number, the email of the resident's account, then the projects' references as
 * printed on the ballot paper (most wanted first on ranked ballots). Commas, semicolons, spaces
 * and tabs all separate, so a column pasted from a spreadsheet reads the same. This file reads
 * the lines and compares two keyings; whether each resident may vote, and whether their ballot
 * keeps to its limits, is checked when the batch is entered, sheet by sheet, as for one paper ballot.
 */
import type { BallotMethod, GivenChoice } from './ballot';

/** Most sheets in one batch: a box from one event, not a whole vote. */
export const MAX_SHEETS = 1000;

/** A sheet as typed, before its references are looked up. `points` is NaN when something other than a whole number follows the colon. */
export interface TypedSheet {
  /** The (1-based) line it was typed on, or its place in the list the API was sent: problems name it. */
  line: number;
  sheet: number;
  email: string;
  choices: Array<{ reference: string; points: number | null }>;
}

/** A sheet as keyed: its references found on the ballot paper. What a keying stores, and what is compared. */
export interface KeyedSheet {
  line: number;
  sheet: number;
  /** As typed, lower-cased: emails are compared without regard to case. */
  email: string;
  /** The projects in the order typed, with points for cumulative ballots. */
  choices: GivenChoice[];
  /** The line as the keyer typed it (tidied): what staff are shown when two keyings differ. */
  text: string;
}

export type LineProblem =
  | { line: number; problem: 'sheetNumber' }
  | { line: number; problem: 'email' }
  | { line: number; problem: 'sheetTwice'; sheet: number; first: number }
  | { line: number; problem: 'projectUnknown'; reference: string }
  | { line: number; problem: 'projectTwice'; reference: string }
  | { line: number; problem: 'pointsMissing'; reference: string }
  | { line: number; problem: 'pointsNotWhole'; reference: string }
  | { line: number; problem: 'pointsNotAsked'; reference: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The lines of a keying read into sheets: blank lines are skipped, and a line that does not start
 * with a sheet number is a problem naming it (and is left out of the sheets). Nothing else is
 * checked here: `keyedSheets` checks sheets typed and sheets sent through the API alike.
 */
export function parseSheetLines(text: string): { sheets: TypedSheet[]; problems: LineProblem[] } {
  const sheets: TypedSheet[] = [];
  const problems: LineProblem[] = [];
  for (const [i, raw] of text.split(/\r\n|\r|\n/).entries()) {
    const line = i + 1;
    const [first, email, ...rest] = raw.split(/[\s,;]+/).filter(Boolean);
    if (first === undefined) continue;
    if (!/^\d{1,6}$/.test(first) || Number(first) < 1) {
      problems.push({ line, problem: 'sheetNumber' });
      continue;
    }
    const choices = rest.map((token) => {
      const colon = token.indexOf(':');
      if (colon < 0) return { reference: token, points: null };
      const points = token.slice(colon + 1);
      return { reference: token.slice(0, colon), points: /^\d{1,6}$/.test(points) ? Number(points) : NaN };
    });
    sheets.push({ line, sheet: Number(first), email: email ?? '', choices });
  }
  return { sheets, problems };
}

/**
 * Sheets as typed, checked against the ballot paper: an email address on each, every reference on it (in any case), none
 * twice on a sheet, points given where the method has them and only there, and no sheet number
 * twice in the keying. Every problem is found, each naming its line.
 */
export function keyedSheets(method: BallotMethod, projects: Array<{ id: string; reference: string | null }>, typed: TypedSheet[]): { ok: true; sheets: KeyedSheet[] } | { ok: false; problems: LineProblem[] } {
  const byReference = new Map(projects.filter((p) => p.reference).map((p) => [p.reference!.toUpperCase(), p]));
  const lineOf = new Map<number, number>();
  const problems: LineProblem[] = [];
  const sheets: KeyedSheet[] = [];
  for (const t of typed) {
    const first = lineOf.get(t.sheet);
    if (first !== undefined) problems.push({ line: t.line, problem: 'sheetTwice', sheet: t.sheet, first });
    else lineOf.set(t.sheet, t.line);
    if (!EMAIL.test(t.email.trim())) problems.push({ line: t.line, problem: 'email' });
    const seen = new Set<string>();
    const choices: GivenChoice[] = [];
    for (const c of t.choices) {
      const reference = c.reference.toUpperCase();
      const project = byReference.get(reference);
      if (!project) problems.push({ line: t.line, problem: 'projectUnknown', reference: c.reference });
      else if (seen.has(project.id)) problems.push({ line: t.line, problem: 'projectTwice', reference });
      else if (method === 'cumulative' && c.points === null) problems.push({ line: t.line, problem: 'pointsMissing', reference });
      else if (method === 'cumulative' && !Number.isInteger(c.points)) problems.push({ line: t.line, problem: 'pointsNotWhole', reference });
      else if (method !== 'cumulative' && c.points !== null) problems.push({ line: t.line, problem: 'pointsNotAsked', reference });
      else choices.push(method === 'cumulative' ? { projectId: project.id, points: c.points! } : { projectId: project.id });
      if (project) seen.add(project.id);
    }
    const written = t.choices.map((c) => (c.points === null ? c.reference.toUpperCase() : `${c.reference.toUpperCase()}:${c.points}`)).join(' ');
    sheets.push({ line: t.line, sheet: t.sheet, email: t.email.trim().toLowerCase(), choices, text: `${t.sheet}, ${t.email.trim()}${written ? `, ${written}` : ''}` });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, sheets };
}

/** Two keyings' difference on one sheet: what each keyer typed for it (null: that keyer has no such sheet). */
export interface SheetMismatch {
  sheet: number;
  first: KeyedSheet | null;
  second: KeyedSheet | null;
}

/**
 * Where two keyings of a batch differ, sheet by sheet (in sheet order): a sheet only one of them
 * has, another email (in any case), or other choices. The order of choices counts on ranked
 * ballots only; a cumulative project given no points is no choice. No mismatches: they agree.
 */
export function compareKeyings(method: BallotMethod, first: KeyedSheet[], second: KeyedSheet[]): SheetMismatch[] {
  const a = new Map(first.map((s) => [s.sheet, s]));
  const b = new Map(second.map((s) => [s.sheet, s]));
  const numbers = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);
  return numbers.flatMap((sheet) => {
    const x = a.get(sheet) ?? null;
    const y = b.get(sheet) ?? null;
    return x && y && sameSheet(method, x, y) ? [] : [{ sheet, first: x, second: y }];
  });
}

function sameSheet(method: BallotMethod, x: KeyedSheet, y: KeyedSheet): boolean {
  return x.email.toLowerCase() === y.email.toLowerCase() && ballotOf(method, x) === ballotOf(method, y);
}

function ballotOf(method: BallotMethod, s: KeyedSheet): string {
  const choices = s.choices.map((c) => `${c.projectId}:${method === 'cumulative' ? (c.points ?? 0) : 1}`).filter((c) => !c.endsWith(':0'));
  return (method === 'ranked' ? choices : choices.sort()).join(' ');
}

/** Where a batch stands: nothing keyed yet, waiting for its second keying, the two keyings differing, agreed (about to be entered), or entered. */
export type BatchStatus = 'unkeyed' | 'waitingForSecond' | 'mismatched' | 'agreed' | 'committed';

export function batchStatus(method: BallotMethod, committed: boolean, keyings: Array<{ sheets: KeyedSheet[] }>): BatchStatus {
  if (committed) return 'committed';
  if (keyings.length === 0) return 'unkeyed';
  if (keyings.length === 1) return 'waitingForSecond';
  return compareKeyings(method, keyings[0].sheets, keyings[1].sheets).length > 0 ? 'mismatched' : 'agreed';
}
