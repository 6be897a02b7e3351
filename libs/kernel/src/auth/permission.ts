/**
 * Every permission a handler can ask for. `public` is the explicit "anyone, signed in or not";
 * a handler with no permission at all is refused (deny by default).
 * Which roles grant which permissions is identity's business (libs/identity/src/domain/roles.ts).
 */
export enum Permission {
  Public = 'public',
  /** Any signed-in account, acting on itself. */
  AccountSelf = 'account:self',
  /** Read one's own account through the API (a token scope). */
  AccountRead = 'account:read',
  /** Change one's own account through the API (a token scope). */
  AccountWrite = 'account:write',
  /** Create funds (a council's fund managers). */
  FundsCreate = 'funds:create',
  /** Configure a fund, its contributions and rounds (scoped to the fund). */
  FundsManage = 'funds:manage',
  /** Take part in co-design: propose, comment, endorse, answer polls (where one lives in the fund's area). */
  CoDesignParticipate = 'codesign:participate',
  /** Apply for grants on behalf of an organisation one belongs to. */
  ApplicationsApply = 'applications:apply',
  /** Volunteer for a round's community panel and, once on it, take part (membership is checked case by case). */
  PanelTakePart = 'panel:take-part',
  /** Run a round's community panel: quotas, the draw, members, assignments, scores and decisions (scoped to the fund). */
  PanelFacilitate = 'panel:facilitate',
  /** Vote in a round's public vote (where one lives in the fund's area and is old enough: checked case by case). */
  VotingVote = 'voting:vote',
  /** Read a fund's books: balances, transactions, awards and the verification report (scoped to the fund). Never writes. */
  LedgerRead = 'ledger:read',
  AdminAccounts = 'admin:accounts',
  AdminSystem = 'admin:system',
}

/** Where a scoped role applies: everywhere, one organisation, or one fund. */
export type ScopeType = 'global' | 'organisation' | 'fund';

export interface PermissionRequirement {
  permission: Permission;
  /** For scoped permissions: the route parameter holding the scope's id. */
  scope?: { type: Exclude<ScopeType, 'global'>; param: string };
}
