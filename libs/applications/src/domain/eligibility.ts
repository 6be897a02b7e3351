/**
 * The automatic eligibility checks run when an application is submitted. They do not decide:
 * the officer screening it does, with these results in front of them (and the applicant sees
 * the same before submitting, so nobody is surprised).
 */
export type Outcome = 'pass' | 'fail' | 'unknown';

export interface EligibilityCheck {
  rule: 'area' | 'amount' | 'applicantType' | 'requiredAnswers';
  outcome: Outcome;
}

export interface EligibilityInput {
  /** Whether the organisation's address lies in the fund's area (undefined: cannot tell, e.g. wards only). */
  organisationInArea: boolean | undefined;
  amountPence: number | null;
  grantMinPence: number;
  grantMaxPence: number;
  organisationType: string | null;
  eligibleTypes: string[];
  missingRequiredAnswers: number;
}

/** The checks at each stage: an expression of interest asks no amount and no questions yet. */
export function checkEligibility(input: EligibilityInput, stage: 'interest' | 'full' = 'full'): EligibilityCheck[] {
  const checks = all(input);
  return stage === 'interest' ? checks.filter((c) => c.rule === 'area' || c.rule === 'applicantType') : checks;
}

function all(input: EligibilityInput): EligibilityCheck[] {
  return [
    { rule: 'area', outcome: input.organisationInArea === undefined ? 'unknown' : input.organisationInArea ? 'pass' : 'fail' },
    { rule: 'amount', outcome: input.amountPence !== null && input.amountPence >= input.grantMinPence && input.amountPence <= input.grantMaxPence ? 'pass' : 'fail' },
    { rule: 'applicantType', outcome: input.organisationType && input.eligibleTypes.includes(input.organisationType) ? 'pass' : 'fail' },
    { rule: 'requiredAnswers', outcome: input.missingRequiredAnswers === 0 ? 'pass' : 'fail' },
  ];
}
