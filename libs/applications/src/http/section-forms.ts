import { parseDayMonthYear, parsePounds } from '@commonpurse/funds';
import type { Answer, BudgetAnswers, BudgetLine, ProjectAnswers, RoundForm, WhereAnswers } from '../domain/application-form';
import type { OrganisationProfile, OrganisationType } from '../domain/applicant-organisation';
import type { ApplicationView } from '../usecases/application-queries';

/**
 * What each section's form posts, read into the use cases' terms, and a saved application shown
 * back in the form's own fields. Form fields arrive as strings (or arrays of them, for checkboxes).
 */
export const text = (value: unknown): string => (typeof value === 'string' ? value : '');
export const list = (value: unknown): string[] => ([] as unknown[]).concat(value ?? []).filter((v): v is string => typeof v === 'string' && v !== '');

const day = (body: Record<string, unknown>, prefix: string) => ({ day: text(body[`${prefix}-day`]), month: text(body[`${prefix}-month`]), year: text(body[`${prefix}-year`]) });

/** A date typed in three boxes: null when all are empty, 'invalid' when they are not a real date. */
export function readDate(body: Record<string, unknown>, prefix: string): string | null | 'invalid' {
  const d = day(body, prefix);
  if (!d.day.trim() && !d.month.trim() && !d.year.trim()) return null;
  const parsed = parseDayMonthYear(d.day, d.month, d.year);
  return parsed.ok ? parsed.date : 'invalid';
}

export function readPence(value: string): number | null | 'invalid' {
  if (!value.trim()) return null;
  const parsed = parsePounds(value);
  return parsed.ok ? parsed.pence : 'invalid';
}

export function readProject(body: Record<string, unknown>): ProjectAnswers {
  return { title: text(body.title), summary: text(body.summary), description: text(body.description), startOn: readDate(body, 'startOn'), endOn: readDate(body, 'endOn') };
}

export function readWhere(body: Record<string, unknown>): WhereAnswers {
  return { areaCode: text(body.areaCode) || null, lotId: text(body.lotId) || null, criterionIds: list(body.criterionIds) };
}

export const MAX_LINE_ROWS = 30;

export function readBudget(body: Record<string, unknown>): BudgetAnswers {
  const rows = Math.min(Math.max(Number(text(body.rows)) || 0, 0), MAX_LINE_ROWS + 5);
  const lines: BudgetLine[] = [];
  for (let i = 0; i < rows; i++) {
    const [item, amount, other] = [text(body[`line-${i}-item`]), text(body[`line-${i}-amount`]), text(body[`line-${i}-other`])];
    if (!item.trim() && !amount.trim() && !other.trim()) continue; // an empty row is not a line
    lines.push({ item, amountPence: readPence(amount), otherFundingPence: readPence(other) });
  }
  return { amountPence: readPence(text(body.amount)), lines };
}

export function readAnswers(body: Record<string, unknown>, round: Pick<RoundForm, 'questions'>): Record<string, Answer | 'invalid'> {
  const answers: Record<string, Answer | 'invalid'> = {};
  for (const q of round.questions) {
    const field = `q-${q.id}`;
    if (q.type === 'multiple-choice') answers[q.id] = list(body[field]);
    else if (q.type === 'date') answers[q.id] = readDate(body, field);
    else if (q.type === 'number') {
      const value = text(body[field]).trim().replace(/,/g, '');
      answers[q.id] = !value ? null : /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : 'invalid';
    } else answers[q.id] = text(body[field]) || null;
  }
  return answers;
}

export function readOrganisation(body: Record<string, unknown>): OrganisationProfile {
  return {
    name: text(body.name),
    type: text(body.type) as OrganisationType,
    registrationNumber: text(body.registrationNumber) || null,
    addressLine1: text(body.addressLine1),
    addressLine2: text(body.addressLine2) || null,
    town: text(body.town),
    postcode: text(body.postcode),
    contactName: text(body.contactName),
    contactEmail: text(body.contactEmail),
    contactPhone: text(body.contactPhone) || null,
  };
}

/** Pounds and pence for a money box: 150000 → "1500", 150050 → "1500.50". */
export function pounds(pence: number | null): string {
  if (pence === null) return '';
  return pence % 100 === 0 ? String(pence / 100) : (pence / 100).toFixed(2);
}

const dayFields = (iso: string | null) => {
  if (!iso) return { day: '', month: '', year: '' };
  const [year, month, d] = iso.split('-');
  return { day: String(Number(d)), month: String(Number(month)), year };
};

/** The saved application as each section form shows it, so a page opens with what was saved. */
export function formValues(view: ApplicationView): Record<string, unknown> {
  const { application } = view;
  const values: Record<string, unknown> = {
    organisationId: application.organisationId ?? '',
    title: application.title,
    summary: application.summary,
    description: application.description,
    startOn: dayFields(application.startOn),
    endOn: dayFields(application.endOn),
    // Where the fund is drawn by postcode district, the organisation's own district is the likely answer.
    areaCode: application.areaCode ?? (view.form.areas.find((a) => a.kind === 'postcode_district' && view.organisation && view.organisation.postcode.split(' ')[0] === a.code)?.code ?? ''),
    lotId: application.lotId ?? '',
    criterionIds: view.criterionIds,
    amount: pounds(application.amountPence),
    lines: view.lines.map((l) => ({ item: l.item, amount: pounds(typeof l.amountPence === 'number' ? l.amountPence : null), other: pounds(typeof l.otherFundingPence === 'number' ? l.otherFundingPence : null) })),
  };
  for (const q of view.form.questions) {
    const answer = view.answers[q.id] ?? null;
    values[`q-${q.id}`] = q.type === 'date' ? dayFields(typeof answer === 'string' ? answer : null) : q.type === 'multiple-choice' ? (answer ?? []) : answer === null ? '' : String(answer);
  }
  return values;
}

/** What was typed, shown back after a refusal (nothing of it was saved). */
export function typedValues(body: Record<string, unknown>, round: Pick<RoundForm, 'questions'>): Record<string, unknown> {
  const rows = Math.min(Number(text(body.rows)) || 0, MAX_LINE_ROWS + 5);
  const values: Record<string, unknown> = {
    ...Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')),
    startOn: day(body, 'startOn'),
    endOn: day(body, 'endOn'),
    criterionIds: list(body.criterionIds),
    lines: Array.from({ length: rows }, (_, i) => ({ item: text(body[`line-${i}-item`]), amount: text(body[`line-${i}-amount`]), other: text(body[`line-${i}-other`]) })).filter((l) => l.item || l.amount || l.other),
  };
  for (const q of round.questions) {
    if (q.type === 'date') values[`q-${q.id}`] = day(body, `q-${q.id}`);
    if (q.type === 'multiple-choice') values[`q-${q.id}`] = list(body[`q-${q.id}`]);
  }
  return values;
}
