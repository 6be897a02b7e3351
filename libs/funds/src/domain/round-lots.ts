import type { FundArea } from './fund-area';

/**
 * Lots split a round's budget: by area (a ward or postcode district of the fund, so each
 * neighbourhood is sure of its share) or by priority (an adopted criterion). All of a round's
 * lots split it the same way, and together they spend exactly the round's budget.
 */
export interface Lot {
  name: string;
  budgetPence: number;
  areaCode: string | null;
  criterionId: string | null;
}

export interface LotProblem {
  /** `lots` for the whole set, `lots.<n>.<field>` for one lot (0-based, as the API gives them). */
  field: string;
  problem: string;
}

export const MAX_LOTS = 50;

export function checkLots(lots: Lot[], context: { budgetPence: number; areas: FundArea[]; criterionIds: string[] }): LotProblem[] {
  if (lots.length === 0) return [];
  const problems: LotProblem[] = [];
  if (lots.length === 1) problems.push({ field: 'lots', problem: 'funds.lots.onlyOne' });
  if (lots.length > MAX_LOTS) problems.push({ field: 'lots', problem: 'funds.lots.tooMany' });
  const names = new Set<string>();
  lots.forEach((lot, i) => {
    const name = lot.name.trim().toLowerCase();
    if (!name) problems.push({ field: `lots.${i}.name`, problem: 'funds.lots.nameMissing' });
    else if (lot.name.trim().length > 120) problems.push({ field: `lots.${i}.name`, problem: 'funds.lots.nameTooLong' });
    else if (names.has(name)) problems.push({ field: `lots.${i}.name`, problem: 'funds.lots.nameTwice' });
    names.add(name);
    if (!Number.isInteger(lot.budgetPence) || lot.budgetPence <= 0) problems.push({ field: `lots.${i}.budgetPence`, problem: 'funds.lots.budgetNotPositive' });
    if ((lot.areaCode === null) === (lot.criterionId === null)) problems.push({ field: `lots.${i}.basis`, problem: 'funds.lots.basisOne' });
    else if (lot.areaCode !== null && !context.areas.some((a) => a.code === lot.areaCode)) problems.push({ field: `lots.${i}.basis`, problem: 'funds.lots.areaNotInFund' });
    else if (lot.criterionId !== null && !context.criterionIds.includes(lot.criterionId)) problems.push({ field: `lots.${i}.basis`, problem: 'funds.lots.criterionNotAdopted' });
  });
  const byArea = lots.filter((l) => l.areaCode !== null).length;
  if (byArea > 0 && byArea < lots.length) problems.push({ field: 'lots', problem: 'funds.lots.mixedBasis' });
  const areaCodes = lots.map((l) => l.areaCode ?? l.criterionId);
  if (new Set(areaCodes).size < areaCodes.length) problems.push({ field: 'lots', problem: 'funds.lots.basisTwice' });
  const total = lots.reduce((sum, l) => sum + (Number.isInteger(l.budgetPence) ? l.budgetPence : 0), 0);
  if (problems.length === 0 && total !== context.budgetPence) problems.push({ field: 'lots', problem: total < context.budgetPence ? 'funds.lots.sumBelowBudget' : 'funds.lots.sumAboveBudget' });
  return problems;
}
