import { type Ballot, type Election, type Project } from './election';
import { isDecimal } from './rational';
import { PabulibFormatError } from './voting.exception';

/**
 * The pabulib .pb format (pabulib.org), the common format of participatory-budgeting data:
 * UTF-8 text, `;`-separated with CSV quoting, in three sections, each a line `META`, `PROJECTS`
 * or `VOTES` and then a header row. META rows are `key;value`; PROJECTS rows start
 * `project_id;cost`; VOTES rows carry `voter_id`, `vote` (a comma list of project ids) and, for
 * cumulative and scoring ballots, `points` (a parallel comma list).
 *
 * The reader refuses anything it would otherwise have to guess at, naming the line and what is
 * wrong, so a tally is never run on a half-read file.
 */

const SECTIONS = ['meta', 'projects', 'votes'] as const;
type Section = (typeof SECTIONS)[number];
/** Vote types whose ballots carry points. */
const POINTS_TYPES = new Set(['cumulative', 'scoring']);

interface Row {
  fields: string[];
  /** 1-based line the row starts on. */
  line: number;
  /** The first field was quoted: then it is data, never a section name. */
  quotedFirst?: boolean;
}

/** Reads a .pb file. Throws PabulibFormatError (with the line and the problem) when it is malformed. */
export function parsePabulib(input: string | Uint8Array): Election {
  const text = stripBom(typeof input === 'string' ? input : decodeUtf8(input));
  const sections = new Map<Section, { line: number; header?: Row; rows: Row[] }>();
  let current: { line: number; header?: Row; rows: Row[] } | undefined;
  let lastLine = 1;
  for (const row of rows(text)) {
    lastLine = row.line;
    if (row.fields.every((f) => f.trim() === '')) continue; // a blank line
    const name = row.quotedFirst ? undefined : sectionName(row.fields);
    if (name) {
      if (sections.has(name)) throw new PabulibFormatError(row.line, `a second ${name.toUpperCase()} section`);
      const expected = SECTIONS[sections.size];
      if (name !== expected) throw new PabulibFormatError(row.line, `${name.toUpperCase()} section where ${expected.toUpperCase()} was expected (the order is META, PROJECTS, VOTES)`);
      current = { line: row.line, rows: [] };
      sections.set(name, current);
    } else if (!current) throw new PabulibFormatError(row.line, 'text before the META section');
    else if (!current.header) current.header = row;
    else current.rows.push(row);
  }
  for (const name of SECTIONS) {
    const section = sections.get(name);
    if (!section) throw new PabulibFormatError(lastLine, `no ${name.toUpperCase()} section`);
    if (!section.header) throw new PabulibFormatError(section.line, `the ${name.toUpperCase()} section has no header row`);
  }
  const meta = readMeta(sections.get('meta')!);
  const projects = readProjects(sections.get('projects')!);
  const ballots = readVotes(sections.get('votes')!, meta.voteType, new Set(projects.map((p) => p.id)));
  return { meta: meta.values, budget: meta.budget, voteType: meta.voteType, projects, ballots };
}

function readMeta(section: { line: number; header?: Row; rows: Row[] }) {
  const header = section.header!;
  if (header.fields[0]?.trim() !== 'key') throw new PabulibFormatError(header.line, 'the META header must be "key;value"');
  const values: Record<string, string> = {};
  const lines: Record<string, number> = {};
  for (const row of section.rows) {
    const key = row.fields[0].trim();
    if (!key) throw new PabulibFormatError(row.line, 'a META row without a key');
    if (Object.hasOwn(values, key)) throw new PabulibFormatError(row.line, `META "${key}" given twice (first on line ${lines[key]})`);
    // A value holding an unquoted ";" is still one value.
    values[key] = row.fields.slice(1).join(';');
    lines[key] = row.line;
  }
  if (!Object.hasOwn(values, 'budget')) throw new PabulibFormatError(section.line, 'META has no "budget"');
  const budget = values.budget.trim();
  if (!isDecimal(budget)) throw new PabulibFormatError(lines.budget, `the budget "${values.budget}" is not a non-negative decimal number`);
  if (!Object.hasOwn(values, 'vote_type') || !values.vote_type.trim()) throw new PabulibFormatError(section.line, 'META has no "vote_type"');
  return { values, budget, voteType: values.vote_type.trim() };
}

/** The header's columns, checked: no column twice, and the ones required present. */
function columns(header: Row, section: string, required: string[]): string[] {
  const names = header.fields.map((f) => f.trim());
  names.forEach((name, i) => {
    if (!name) throw new PabulibFormatError(header.line, `column ${i + 1} of the ${section} header has no name`);
    if (names.indexOf(name) !== i) throw new PabulibFormatError(header.line, `column "${name}" twice in the ${section} header`);
  });
  for (const name of required) if (!names.includes(name)) throw new PabulibFormatError(header.line, `the ${section} header has no "${name}" column`);
  return names;
}

function checkWidth(row: Row, names: string[], section: string) {
  if (row.fields.length !== names.length) throw new PabulibFormatError(row.line, `a ${section} row with ${row.fields.length} fields where the header has ${names.length}`);
}

function readProjects(section: { header?: Row; rows: Row[] }): Project[] {
  const names = columns(section.header!, 'PROJECTS', ['project_id', 'cost']);
  const seen = new Map<string, number>();
  return section.rows.map((row) => {
    checkWidth(row, names, 'PROJECTS');
    const fields: Record<string, string> = {};
    let id = '';
    let cost = '';
    names.forEach((name, i) => {
      if (name === 'project_id') id = row.fields[i].trim();
      else if (name === 'cost') cost = row.fields[i].trim();
      else fields[name] = row.fields[i];
    });
    if (!id) throw new PabulibFormatError(row.line, 'a project without a project_id');
    if (id.includes(',')) throw new PabulibFormatError(row.line, `project id "${id}" contains a comma, which ballots use to separate ids`);
    if (seen.has(id)) throw new PabulibFormatError(row.line, `project "${id}" listed twice (first on line ${seen.get(id)})`);
    seen.set(id, row.line);
    if (!isDecimal(cost)) throw new PabulibFormatError(row.line, `project "${id}" has cost "${cost}", not a non-negative decimal number`);
    return { id, cost, fields };
  });
}

function readVotes(section: { header?: Row; rows: Row[] }, voteType: string, projectIds: Set<string>): Ballot[] {
  const withPoints = POINTS_TYPES.has(voteType);
  const names = columns(section.header!, 'VOTES', withPoints ? ['voter_id', 'vote', 'points'] : ['voter_id', 'vote']);
  const [voterAt, voteAt, pointsAt] = ['voter_id', 'vote', 'points'].map((n) => names.indexOf(n));
  const extra = names.flatMap((name, i) => (i === voterAt || i === voteAt || i === pointsAt ? [] : [[name, i] as const]));
  const seen = new Map<string, number>();
  return section.rows.map((row) => {
    checkWidth(row, names, 'VOTES');
    const voterId = row.fields[voterAt].trim();
    if (!voterId) throw new PabulibFormatError(row.line, 'a vote without a voter_id');
    if (seen.has(voterId)) throw new PabulibFormatError(row.line, `voter "${voterId}" voted twice (first on line ${seen.get(voterId)})`);
    seen.set(voterId, row.line);
    const projects = commaList(row.fields[voteAt]);
    const onBallot = new Set<string>();
    for (const id of projects) {
      if (!projectIds.has(id)) throw new PabulibFormatError(row.line, `voter "${voterId}" votes for project "${id}", which is not in PROJECTS`);
      if (onBallot.has(id)) throw new PabulibFormatError(row.line, `voter "${voterId}" votes for project "${id}" twice`);
      onBallot.add(id);
    }
    const ballot: Ballot = { voterId, projects };
    if (pointsAt >= 0) {
      const points = commaList(row.fields[pointsAt]);
      if (points.length !== projects.length) throw new PabulibFormatError(row.line, `voter "${voterId}" has ${projects.length} projects but ${points.length} points`);
      const bad = points.find((p) => !isDecimal(p));
      if (bad !== undefined) throw new PabulibFormatError(row.line, `voter "${voterId}" gives "${bad}" points, not a non-negative number`);
      ballot.points = points;
    }
    if (extra.length) ballot.fields = Object.fromEntries(extra.map(([name, i]) => [name, row.fields[i]]));
    return ballot;
  });
}

const commaList = (text: string) => (text.trim() === '' ? [] : text.split(',').map((s) => s.trim()));

function sectionName(fields: string[]): Section | undefined {
  const name = fields[0].trim().toLowerCase();
  return (SECTIONS as readonly string[]).includes(name) && fields.slice(1).every((f) => f.trim() === '') ? (name as Section) : undefined;
}

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const at = lenient.indexOf('\uFFFD');
    throw new PabulibFormatError(lineAt(lenient, at), 'not valid UTF-8');
  }
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * The rows of `;`-separated text with CSV quoting: a field that starts with `"` runs to the next
 * lone `"` (`""` inside it is one quote, and it may span lines). Lines without a quote, nearly
 * all of them, are simply split.
 */
function* rows(text: string): Generator<Row> {
  let line = 1;
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const plain = text.slice(at, end);
    if (!plain.includes('"')) {
      yield { fields: (plain.endsWith('\r') ? plain.slice(0, -1) : plain).split(';'), line };
      at = end + 1;
      line++;
      continue;
    }
    const start = line;
    const fields: string[] = [];
    let quotedFirst = false;
    let i = at;
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        if (fields.length === 0) quotedFirst = true;
        const opened = line;
        for (i++; ; i++) {
          if (i >= text.length) throw new PabulibFormatError(opened, 'a quoted field is never closed');
          if (text[i] === '"') {
            if (text[i + 1] !== '"') break;
            i++;
          } else if (text[i] === '\n') line++;
          field += text[i];
        }
        i++; // past the closing quote
        if (i < text.length && text[i] !== ';' && text[i] !== '\n' && !(text[i] === '\r' && (i + 1 === text.length || text[i + 1] === '\n'))) {
          throw new PabulibFormatError(line, 'text after the closing quote of a field (a quote inside a quoted field is written "")');
        }
        if (text[i] === '\r') i++;
      } else {
        let stop = i;
        while (stop < text.length && text[stop] !== ';' && text[stop] !== '\n') stop++;
        field = text.slice(i, stop);
        if (stop < text.length && text[stop] === '\n' && field.endsWith('\r')) field = field.slice(0, -1);
        else if (stop === text.length && field.endsWith('\r')) field = field.slice(0, -1);
        i = stop;
      }
      fields.push(field);
      if (text[i] === ';') {
        i++;
        continue;
      }
      break; // at a line break or the end
    }
    yield { fields, line: start, quotedFirst };
    at = i + 1;
    line++;
  }
}

// ---------------------------------------------------------------- writing

/** Writes an election as a .pb file (META, PROJECTS, VOTES), quoting only where it must. */
export function writePabulib(election: Election): string {
  const out: string[] = [];
  const row = (fields: string[]) => out.push(fields.map(quote).join(';'));
  out.push('META');
  row(['key', 'value']);
  const meta = { ...election.meta, budget: election.budget, vote_type: election.voteType };
  for (const [key, value] of Object.entries(meta)) row([key, value]);

  out.push('PROJECTS');
  const projectColumns = unionOfKeys(election.projects.map((p) => p.fields));
  row(['project_id', 'cost', ...projectColumns]);
  for (const p of election.projects) row([p.id, p.cost, ...projectColumns.map((c) => p.fields?.[c] ?? '')]);

  out.push('VOTES');
  const withPoints = election.ballots.some((b) => b.points) || POINTS_TYPES.has(election.voteType);
  const voteColumns = unionOfKeys(election.ballots.map((b) => b.fields));
  row(['voter_id', 'vote', ...(withPoints ? ['points'] : []), ...voteColumns]);
  for (const b of election.ballots) {
    row([b.voterId, b.projects.join(','), ...(withPoints ? [(b.points ?? []).join(',')] : []), ...voteColumns.map((c) => b.fields?.[c] ?? '')]);
  }
  return `${out.join('\n')}\n`;
}

function unionOfKeys(records: Array<Record<string, string> | undefined>): string[] {
  const keys = new Set<string>();
  for (const r of records) if (r) for (const k of Object.keys(r)) keys.add(k);
  return [...keys];
}

/** Quoted when it holds a separator, a quote or a line break, or could be taken for a section name. */
function quote(field: string): string {
  return /[;"\r\n]/.test(field) || /^\s*(meta|projects|votes)\s*$/i.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
