import { formatPence } from '@commonpurse/kernel';
import { isCalendarDay } from './dates';
import { LedgerException, LedgerRefusal } from './ledger.exception';

/** When part of an award is due to be paid. */
export interface Tranche {
  /** 1, 2, 3 … in the order they fall due. */
  seq: number;
  amountPence: number;
  /** YYYY-MM-DD; null for the default tranche until the offer is accepted (it is due then). */
  dueOn: string | null;
  /** The default schedule: the whole award in one tranche, due when the offer is accepted. */
  onAcceptance: boolean;
}

/** A tranche a fund manager scheduled: always on a day of its own. */
export type ScheduledTranche = Tranche & { dueOn: string; onAcceptance: false };

/** The most tranches one award may be split into: enough for monthly payments over two years. */
export const MAX_TRANCHES = 24;

/**
 * A fund manager's schedule for an award, checked against it: at least one tranche and at most
 * MAX_TRANCHES, each a positive whole number of pence due on a real day, the days in order and none
 * before the award was made, and the amounts adding up to exactly the award (so "every tranche
 * paid" and "the award paid" mean the same). Each refusal names the field at fault.
 */
export function checkTranches(award: { amountPence: number; awardedOn: string }, tranches: Array<{ amountPence: number; dueOn: string }>): ScheduledTranche[] {
  if (tranches.length < 1 || tranches.length > MAX_TRANCHES) throw new LedgerException(LedgerRefusal.Invalid, 'tranches', 'ledger.tranches.count', { max: MAX_TRANCHES });
  let previous: string | null = null;
  let total = 0;
  for (const [i, t] of tranches.entries()) {
    if (!Number.isSafeInteger(t.amountPence) || t.amountPence <= 0) throw new LedgerException(LedgerRefusal.Invalid, `tranches.${i}.amountPence`, 'ledger.amountInvalid');
    if (!isCalendarDay(t.dueOn)) throw new LedgerException(LedgerRefusal.Invalid, `tranches.${i}.dueOn`, 'ledger.date.notReal');
    if (t.dueOn < award.awardedOn) throw new LedgerException(LedgerRefusal.Invalid, `tranches.${i}.dueOn`, 'ledger.date.tooEarly', { notBefore: award.awardedOn });
    if (previous !== null && t.dueOn <= previous) throw new LedgerException(LedgerRefusal.Invalid, `tranches.${i}.dueOn`, 'ledger.tranches.outOfOrder', { previous });
    previous = t.dueOn;
    total += t.amountPence;
  }
  if (total !== award.amountPence) throw new LedgerException(LedgerRefusal.Invalid, 'tranches', 'ledger.tranches.sumMismatch', { total: formatPence(total), award: formatPence(award.amountPence) });
  return tranches.map((t, i) => ({ seq: i + 1, amountPence: t.amountPence, dueOn: t.dueOn, onAcceptance: false as const }));
}

/** The award's tranches: those scheduled or, with none, the whole amount due on acceptance (the day it was accepted, once it is). */
export function trancheSchedule(award: { amountPence: number }, scheduled: Array<{ seq: number; amountPence: number; dueOn: string }>, acceptedOn: string | null): Tranche[] {
  if (scheduled.length > 0) return [...scheduled].sort((a, b) => a.seq - b.seq).map((t) => ({ seq: t.seq, amountPence: t.amountPence, dueOn: t.dueOn, onAcceptance: false }));
  return [{ seq: 1, amountPence: award.amountPence, dueOn: acceptedOn, onAcceptance: true }];
}
