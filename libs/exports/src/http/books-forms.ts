import { parseDayMonthYear, parsePounds } from '@commonpurse/funds';
import type { FieldProblem } from '@commonpurse/kernel';
import type { AwardStanding } from '@commonpurse/ledger';

/** How many tranche rows the schedule form offers: enough for a grant paid in stages, short enough to read. */
export const TRANCHE_ROWS = [1, 2, 3, 4] as const;

export const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Pounds typed into a box, as pence; a problem named after the box when it is empty or not an amount. */
function readAmount(body: Record<string, unknown>, field: string, problems: FieldProblem[]): number | undefined {
  const typed = text(body[field]).trim();
  const parsed = typed ? parsePounds(typed) : ({ ok: false, problem: 'missing' } as const);
  if (parsed.ok) return parsed.pence;
  problems.push({ field, problem: `exports.manage.amountProblem.${parsed.problem}` });
  return undefined;
}

/** A GOV.UK date input (boxes `<field>-day`, `-month`, `-year`) as YYYY-MM-DD; its problem points at the first box. */
function readDay(body: Record<string, unknown>, field: string, problems: FieldProblem[]): string | undefined {
  const parsed = parseDayMonthYear(text(body[`${field}-day`]), text(body[`${field}-month`]), text(body[`${field}-year`]));
  if (parsed.ok) return parsed.date;
  problems.push({ field: `${field}-day`, problem: `exports.manage.dateProblem.${parsed.problem}` });
  return undefined;
}

/**
 * The ledger names its own fields (`paidOn`, `tranches.0.amountPence`, `award` …); a page names its
 * boxes. Each problem goes to the box it is about, or else to the form's first box, so the error
 * summary always has somewhere to link.
 */
export function onForm(problems: FieldProblem[], boxes: Record<string, string>, first: string): FieldProblem[] {
  const own = new Set(Object.values(boxes));
  return problems.map((p) => ({ ...p, field: boxes[p.field] ?? (own.has(p.field) ? p.field : first) }));
}

/** The scheduled tranches still to pay: a payment says which of them it is (or that it is none of them). */
export function unpaidTranches(award: Pick<AwardStanding, 'tranches'>) {
  return award.tranches.filter((t) => !t.onAcceptance && !t.paid);
}

/** The payment form: amount, day paid, reference, and the tranche when there are unpaid scheduled ones. */
export function readPayment(body: Record<string, unknown>, award: Pick<AwardStanding, 'tranches'>) {
  const problems: FieldProblem[] = [];
  const amountPence = readAmount(body, 'amount', problems);
  const paidOn = readDay(body, 'paidOn', problems);
  const reference = text(body.reference).trim();
  if (!reference) problems.push({ field: 'reference', problem: 'ledger.payment.referenceRequired' });
  const unpaid = unpaidTranches(award);
  const chosen = text(body.trancheSeq);
  let trancheSeq: number | undefined;
  if (unpaid.length > 0) {
    const tranche = unpaid.find((t) => String(t.seq) === chosen);
    if (tranche) trancheSeq = tranche.seq;
    else if (chosen !== 'none') problems.push({ field: 'trancheSeq', problem: 'exports.manage.payment.trancheMissing' });
  }
  const fields = { amountPence: amountPence ?? 0, paidOn: paidOn ?? '', reference, trancheSeq };
  return { fields, problems, boxes: { amount: 'amount', amountPence: 'amount', paidOn: 'paidOn-day', reference: 'reference', trancheSeq: 'trancheSeq' } };
}

/** The schedule form: up to four rows of amount and day due; rows left wholly empty are not tranches. */
export function readTranches(body: Record<string, unknown>) {
  const problems: FieldProblem[] = [];
  const tranches: Array<{ amountPence: number; dueOn: string }> = [];
  const boxes: Record<string, string> = { tranches: 'tranches' };
  for (const row of TRANCHE_ROWS) {
    const prefix = `tranches-${row}`;
    const typed = [`${prefix}-amount`, `${prefix}-dueOn-day`, `${prefix}-dueOn-month`, `${prefix}-dueOn-year`].some((name) => text(body[name]).trim() !== '');
    if (!typed) continue;
    const amountPence = readAmount(body, `${prefix}-amount`, problems);
    const dueOn = readDay(body, `${prefix}-dueOn`, problems);
    // The ledger counts only the rows it is given: its tranche i is this form's row `row`.
    boxes[`tranches.${tranches.length}.amountPence`] = `${prefix}-amount`;
    boxes[`tranches.${tranches.length}.dueOn`] = `${prefix}-dueOn-day`;
    tranches.push({ amountPence: amountPence ?? 0, dueOn: dueOn ?? '' });
  }
  if (tranches.length === 0) problems.push({ field: 'tranches', problem: 'exports.manage.tranches.none' });
  return { tranches, problems, boxes };
}

/** The values a form was sent with, to show again beside its problems. */
export function typedValues(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(body).filter(([name, value]) => name !== '_csrf' && typeof value === 'string')) as Record<string, string>;
}

/** The withdrawal form: a reason and the box ticked to say so. */
export function readWithdrawal(body: Record<string, unknown>) {
  const problems: FieldProblem[] = [];
  const reason = text(body.reason);
  if (!reason.trim()) problems.push({ field: 'reason', problem: 'ledger.reasonRequired' });
  if (text(body.confirm) !== 'yes') problems.push({ field: 'confirm', problem: 'exports.manage.withdraw.confirmMissing' });
  return { reason, problems, boxes: { reason: 'reason', confirm: 'confirm' } };
}

/** The return form: one of the fund's funders, an amount, a reason, and the key the page was given. */
export function readReturn(body: Record<string, unknown>, funderIds: string[]) {
  const problems: FieldProblem[] = [];
  const organisationId = text(body.organisationId);
  if (!funderIds.includes(organisationId)) problems.push({ field: 'organisationId', problem: 'exports.manage.return.funderMissing' });
  const amountPence = readAmount(body, 'amount', problems);
  const reason = text(body.reason);
  if (!reason.trim()) problems.push({ field: 'reason', problem: 'ledger.reasonRequired' });
  return { fields: { organisationId, amountPence: amountPence ?? 0, reason, idempotencyKey: text(body.key) }, problems, boxes: { organisationId: 'organisationId', amount: 'amount', reason: 'reason' } };
}
