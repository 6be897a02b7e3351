import { Permission, type Principal, type RoleGrant, type ScopeType } from '@commonpurse/kernel';

export enum Role {
  Resident = 'resident',
  Applicant = 'applicant',
  Panellist = 'panellist',
  Facilitator = 'facilitator',
  FundManager = 'fund_manager',
  Auditor = 'auditor',
  Admin = 'admin',
}

export const ROLES = Object.values(Role);

/** Every signed-in account may act on itself, whatever its roles. */
const EVERY_ACCOUNT: Permission[] = [Permission.AccountSelf, Permission.AccountRead, Permission.AccountWrite];

/**
 * What each role may do. Later modules add their permissions here, so "who may do what"
 * reads in one place. A role granted within a scope (an organisation or a fund) grants its
 * permissions only there; a global grant grants them everywhere.
 */
export const ROLE_PERMISSIONS: Record<Role, Permission[]> = {
  [Role.Resident]: [Permission.CoDesignParticipate, Permission.ApplicationsApply, Permission.PanelTakePart, Permission.VotingVote],
  [Role.Applicant]: [],
  [Role.Panellist]: [],
  // Facilitators see volunteers' profile answers (special-category data): fund managers do not.
  [Role.Facilitator]: [Permission.PanelFacilitate],
  // Fund managers answer residents' comments on their own funds' priorities.
  [Role.FundManager]: [Permission.FundsCreate, Permission.FundsManage, Permission.CoDesignParticipate, Permission.LedgerRead],
  // Auditors read the books and export them; nothing they hold lets them write anything.
  [Role.Auditor]: [Permission.LedgerRead],
  [Role.Admin]: [Permission.AdminAccounts, Permission.AdminSystem],
};

export interface ScopeRef {
  type: Exclude<ScopeType, 'global'>;
  id: string;
}

/**
 * Does this principal hold the permission (in the scope, when one is asked)? Tokens are
 * narrowed further to their scopes: a token never does more than its account could.
 */
export function hasPermission(principal: Principal, permission: Permission, scope?: ScopeRef): boolean {
  if (permission === Permission.Public) return true;
  if (principal.via === 'token' && !principal.tokenScopes?.includes(permission)) return false;
  if (EVERY_ACCOUNT.includes(permission)) return true;
  return principal.grants.some((grant) => grantCovers(grant, permission, scope));
}

function grantCovers(grant: RoleGrant, permission: Permission, scope?: ScopeRef): boolean {
  const permissions = ROLE_PERMISSIONS[grant.role as Role] ?? [];
  if (!permissions.includes(permission)) return false;
  if (grant.scopeType === 'global') return true;
  return scope !== undefined && grant.scopeType === scope.type && grant.scopeId === scope.id;
}

/** The permissions a token may be given: those its account holds somewhere, never `public`. */
export function grantablePermissions(grants: RoleGrant[]): Permission[] {
  const held = new Set<Permission>(EVERY_ACCOUNT);
  for (const grant of grants) for (const p of ROLE_PERMISSIONS[grant.role as Role] ?? []) held.add(p);
  return [...held].filter((p) => p !== Permission.Public && p !== Permission.AccountSelf);
}
