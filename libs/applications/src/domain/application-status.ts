/**
 * An application's life: a draft until submitted; then screened by an officer as eligible,
 * ineligible, or needing more information (which reopens it to the applicant until a date, when
 * they submit it again); withdrawn by the applicant at any time before results.
 */
export const STATUSES = ['draft', 'submitted', 'needs-info', 'invited', 'eligible', 'ineligible', 'withdrawn'] as const;
export type Status = (typeof STATUSES)[number];

/**
 * In a two-stage round an application starts as a short expression of interest; an officer
 * invites it to the full application (or not), which is then screened as any other.
 */
export const STAGES = ['interest', 'full'] as const;
export type Stage = (typeof STAGES)[number];

export const DECISIONS = ['eligible', 'ineligible', 'needs-info', 'invited'] as const;
export type Decision = (typeof DECISIONS)[number];

/** What an officer may decide at each stage. */
export function decisionsFor(stage: Stage): Decision[] {
  return stage === 'interest' ? ['invited', 'ineligible', 'needs-info'] : ['eligible', 'ineligible', 'needs-info'];
}

/**
 * Whether the applicant may change their answers now (the round's phase is checked separately):
 * until the deadline, even once screened (it then goes back to be screened again); after it, only
 * when sent back for more information, until the date given.
 */
export function editableBy(status: Status, infoUntil: Date | null, now: Date): 'applications-phase' | 'reopened' | false {
  if (status === 'needs-info') return infoUntil && now < infoUntil ? 'reopened' : false;
  if (status === 'withdrawn') return false;
  return 'applications-phase';
}

export function canWithdraw(status: Status): boolean {
  return status !== 'withdrawn' && status !== 'ineligible';
}

/** Officers screen what has been submitted; a decision may be revisited while screening lasts (not once invited: the full application comes next). */
export function canScreen(status: Status): boolean {
  return status === 'submitted' || status === 'eligible' || status === 'ineligible' || status === 'needs-info';
}

/** Whether the applicant is still filling in (a draft, or a full application after an invitation): sections may be saved unfinished. */
export function drafting(status: Status): boolean {
  return status === 'draft' || status === 'invited';
}
