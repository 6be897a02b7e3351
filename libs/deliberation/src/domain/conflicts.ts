/**
 * Conflicts of interest. Each panellist declares, for every application, either that they have
 * none or what it is; until they have, they cannot open it. A declared conflict keeps them away
 * from the application's discussion and scores, and out of its totals.
 */
export const CONFLICT_KINDS = ['none', 'member', 'family', 'business', 'other'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

export function isConflictKind(value: string): value is ConflictKind {
  return (CONFLICT_KINDS as readonly string[]).includes(value);
}

export function isConflicted(kind: ConflictKind | null | undefined): boolean {
  return !!kind && kind !== 'none';
}

export type DeclarationProblem = 'kindUnknown' | 'detailRequired' | 'detailTooLong' | 'withdrawNeedsFacilitator';

/**
 * Whether a declaration may be made. "Other" needs a word of explanation. A panellist may always
 * declare a conflict (or change which kind it is), but only a facilitator may take one back: a
 * conflict quietly withdrawn to score a friend's application is the very thing to prevent.
 */
export function checkDeclaration(before: ConflictKind | null, kind: string, detail: string, byFacilitator: boolean): DeclarationProblem | null {
  if (!isConflictKind(kind)) return 'kindUnknown';
  if (kind === 'other' && detail.trim() === '') return 'detailRequired';
  if (detail.length > 500) return 'detailTooLong';
  if (isConflicted(before) && kind === 'none' && !byFacilitator) return 'withdrawNeedsFacilitator';
  return null;
}
