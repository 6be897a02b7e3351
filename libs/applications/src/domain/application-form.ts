/**
 * The application form: fixed sections every application has, the round's own questions, and
 * the checks each section's answers must pass. A check is either about the answer's shape
 * (`malformed`: never saved) or about what is still missing or does not add up (`incomplete`:
 * fine in a draft, not in a completed section). A draft is never refused for being unfinished,
 * so a group can save their work at every step.
 */
export const SECTIONS = ['organisation', 'project', 'where', 'budget', 'questions', 'documents'] as const;
export type Section = (typeof SECTIONS)[number];

export interface Problem {
  field: string;
  problem: string;
  kind: 'malformed' | 'incomplete';
}

/** What the form needs to know about the round it belongs to (read from the funds module). */
export interface RoundForm {
  grantMinPence: number;
  grantMaxPence: number;
  areas: Array<{ kind: 'ward' | 'postcode_district'; code: string; name: string | null }>;
  lots: Array<{ id: string; name: string; areaCode: string | null; criterionId: string | null }>;
  criteria: Array<{ id: string; title: string }>;
  questions: Array<{ id: string; type: string; label: string; required: boolean; wordLimit: number | null; options: string[] }>;
}

/** An expression of interest asks who is applying and for what, in brief. */
export const INTEREST_SECTIONS: Section[] = ['organisation', 'project'];

/** The sections this round's form has at this stage: its own questions only if it asks any. */
export function sectionsFor(round: Pick<RoundForm, 'questions'>, stage: 'interest' | 'full' = 'full'): Section[] {
  if (stage === 'interest') return INTEREST_SECTIONS;
  return SECTIONS.filter((s) => s !== 'questions' || round.questions.length > 0);
}

/** The most money any amount may be (whole pence), as the funds module's money rules have it. */
export const MAX_PENCE = 100_000_000_000_00;

export const LIMITS = { title: 120, summary: 140, descriptionWords: 500, descriptionChars: 5000, lineItem: 200, lines: 30, shortText: 500, longTextChars: 20_000 };

const malformed = (field: string, problem: string): Problem => ({ field, problem: `applications.form.${problem}`, kind: 'malformed' });
const incomplete = (field: string, problem: string): Problem => ({ field, problem: `applications.form.${problem}`, kind: 'incomplete' });

/** A YYYY-MM-DD date that exists (not 2027-02-30). */
export function isRealDate(value: string): boolean {
  const match = value.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

export function wordCount(text: string): number {
  return text.trim() ? text.trim().split(/\s+/).length : 0;
}

// --- the project ---

export interface ProjectAnswers {
  title: string;
  summary: string;
  description: string;
  /** YYYY-MM-DD, or null while not given; `invalid` when what was typed is not a date. */
  startOn: string | null | 'invalid';
  endOn: string | null | 'invalid';
}

export function checkProject(a: ProjectAnswers): Problem[] {
  const problems: Problem[] = [];
  if (!a.title.trim()) problems.push(incomplete('title', 'titleMissing'));
  else if (a.title.trim().length > LIMITS.title) problems.push(malformed('title', 'titleTooLong'));
  if (!a.summary.trim()) problems.push(incomplete('summary', 'summaryMissing'));
  else if (a.summary.trim().length > LIMITS.summary) problems.push(malformed('summary', 'summaryTooLong'));
  if (!a.description.trim()) problems.push(incomplete('description', 'descriptionMissing'));
  else if (wordCount(a.description) > LIMITS.descriptionWords || a.description.length > LIMITS.descriptionChars) problems.push(malformed('description', 'descriptionTooLong'));
  for (const field of ['startOn', 'endOn'] as const) {
    const value = a[field];
    if (value === 'invalid' || (value !== null && !isRealDate(value))) problems.push(malformed(field, `${field}NotReal`));
    else if (a[field] === null) problems.push(incomplete(field, `${field}Missing`));
  }
  if (a.startOn && a.endOn && isRealDate(a.startOn) && isRealDate(a.endOn) && a.endOn < a.startOn) problems.push(incomplete('endOn', 'endBeforeStart'));
  return problems;
}

// --- where the project happens, and what for ---

export interface WhereAnswers {
  /** One of the fund's areas (when the round has no lots). */
  areaCode: string | null;
  /** One of the round's lots (when it has some). */
  lotId: string | null;
  /** The round's adopted criteria the project answers. */
  criterionIds: string[];
}

export function checkWhere(a: WhereAnswers, round: RoundForm): Problem[] {
  const problems: Problem[] = [];
  if (round.lots.length > 0) {
    if (!a.lotId) problems.push(incomplete('lotId', 'lotMissing'));
    else if (!round.lots.some((l) => l.id === a.lotId)) problems.push(malformed('lotId', 'lotUnknown'));
  } else if (!a.areaCode) problems.push(incomplete('areaCode', 'areaMissing'));
  else if (!round.areas.some((area) => area.code === a.areaCode)) problems.push(malformed('areaCode', 'areaUnknown'));
  if (a.criterionIds.some((id) => !round.criteria.some((c) => c.id === id))) problems.push(malformed('criterionIds', 'criterionUnknown'));
  else if (round.criteria.length > 0 && a.criterionIds.length === 0) problems.push(incomplete('criterionIds', 'criteriaMissing'));
  return problems;
}

// --- the money ---

export interface BudgetLine {
  item: string;
  amountPence: number | 'invalid' | null;
  otherFundingPence: number | 'invalid' | null;
}

export interface BudgetAnswers {
  amountPence: number | 'invalid' | null;
  lines: BudgetLine[];
}

export function budgetTotal(lines: BudgetLine[]): number {
  return lines.reduce((sum, l) => sum + (typeof l.amountPence === 'number' ? l.amountPence : 0), 0);
}

export function checkBudget(a: BudgetAnswers, round: Pick<RoundForm, 'grantMinPence' | 'grantMaxPence'>): Problem[] {
  const problems: Problem[] = [];
  if (a.amountPence === 'invalid' || (typeof a.amountPence === 'number' && a.amountPence > MAX_PENCE)) problems.push(malformed('amount', 'amountNotMoney'));
  else if (a.amountPence === null) problems.push(incomplete('amount', 'amountMissing'));
  else if (a.amountPence < round.grantMinPence) problems.push(incomplete('amount', 'amountBelowMinimum'));
  else if (a.amountPence > round.grantMaxPence) problems.push(incomplete('amount', 'amountAboveMaximum'));
  if (a.lines.length > LIMITS.lines) problems.push(malformed('lines', 'tooManyLines'));
  a.lines.forEach((line, i) => {
    if (line.item.trim().length > LIMITS.lineItem) problems.push(malformed(`line-${i}-item`, 'lineItemTooLong'));
    else if (!line.item.trim()) problems.push(incomplete(`line-${i}-item`, 'lineItemMissing'));
    if (line.amountPence === 'invalid' || (typeof line.amountPence === 'number' && line.amountPence > MAX_PENCE)) problems.push(malformed(`line-${i}-amount`, 'lineAmountNotMoney'));
    else if (line.amountPence === null) problems.push(incomplete(`line-${i}-amount`, 'lineAmountMissing'));
    if (line.otherFundingPence === 'invalid' || (typeof line.otherFundingPence === 'number' && line.otherFundingPence > MAX_PENCE)) problems.push(malformed(`line-${i}-other`, 'lineAmountNotMoney'));
  });
  if (a.lines.length === 0) problems.push(incomplete('lines', 'linesMissing'));
  else if (typeof a.amountPence === 'number' && problems.length === 0 && budgetTotal(a.lines) !== a.amountPence) problems.push(incomplete('lines', 'linesDoNotAddUp'));
  return problems;
}

// --- the round's own questions ---

/** An answer as stored: text, a number, yes/no, one or several options, a date (YYYY-MM-DD), or an uploaded file's id. */
export type Answer = string | number | string[] | null;

export function checkAnswers(answers: Record<string, Answer | 'invalid'>, round: Pick<RoundForm, 'questions'>, fileIds: string[]): Problem[] {
  const problems: Problem[] = [];
  for (const q of round.questions) {
    const field = `q-${q.id}`;
    const value = answers[q.id] ?? null;
    const empty = value === null || value === '' || (Array.isArray(value) && value.length === 0);
    if (value === 'invalid') {
      problems.push(malformed(field, q.type === 'date' ? 'answerNotDate' : q.type === 'number' ? 'answerNotNumber' : 'answerNotChoice'));
      continue;
    }
    if (empty) {
      if (q.required) problems.push(incomplete(field, q.type === 'file' ? 'answerFileMissing' : 'answerMissing'));
      continue;
    }
    switch (q.type) {
      case 'short-text':
        if (typeof value !== 'string' || value.length > LIMITS.shortText) problems.push(malformed(field, 'answerTooLong'));
        break;
      case 'long-text':
        if (typeof value !== 'string' || value.length > LIMITS.longTextChars || (q.wordLimit !== null && wordCount(value) > q.wordLimit)) problems.push(malformed(field, 'answerTooManyWords'));
        break;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(malformed(field, 'answerNotNumber'));
        break;
      case 'yes-no':
        if (value !== 'yes' && value !== 'no') problems.push(malformed(field, 'answerNotChoice'));
        break;
      case 'single-choice':
        if (typeof value !== 'string' || !q.options.includes(value)) problems.push(malformed(field, 'answerNotChoice'));
        break;
      case 'multiple-choice':
        if (!Array.isArray(value) || value.some((v) => !q.options.includes(v))) problems.push(malformed(field, 'answerNotChoice'));
        break;
      case 'date':
        if (typeof value !== 'string' || !isRealDate(value)) problems.push(malformed(field, 'answerNotDate'));
        break;
      case 'file':
        if (typeof value !== 'string' || !fileIds.includes(value)) problems.push(malformed(field, 'answerFileUnknown'));
        break;
      default:
        problems.push(malformed(field, 'answerNotChoice'));
    }
  }
  return problems;
}

export function blocking(problems: Problem[]): Problem[] {
  return problems.filter((p) => p.kind === 'malformed');
}
