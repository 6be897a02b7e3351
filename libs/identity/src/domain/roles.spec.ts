import { Permission, type Principal } from '@commonpurse/kernel';
import { Role, grantablePermissions, hasPermission } from './roles';

const principal = (overrides: Partial<Principal> = {}): Principal => ({
  accountId: 'a',
  email: 'a@example.org',
  displayName: 'A',
  language: 'en',
  postcode: null,
  emailVerified: true,
  grants: [],
  via: 'session',
  ...overrides,
});

describe('hasPermission', () => {
  it('lets anyone through a public route', () => {
    expect(hasPermission(principal(), Permission.Public)).toBe(true);
  });

  it('lets every account act on itself but not administer others', () => {
    expect(hasPermission(principal(), Permission.AccountSelf)).toBe(true);
    expect(hasPermission(principal(), Permission.AdminAccounts)).toBe(false);
  });

  it('grants admin permissions to a global admin', () => {
    const admin = principal({ grants: [{ role: Role.Admin, scopeType: 'global', scopeId: null }] });
    expect(hasPermission(admin, Permission.AdminAccounts)).toBe(true);
  });

  it('confines a scoped grant to its own scope', () => {
    const scoped = principal({ grants: [{ role: Role.Admin, scopeType: 'fund', scopeId: 'fund-1' }] });
    expect(hasPermission(scoped, Permission.AdminAccounts, { type: 'fund', id: 'fund-1' })).toBe(true);
    expect(hasPermission(scoped, Permission.AdminAccounts, { type: 'fund', id: 'fund-2' })).toBe(false);
    expect(hasPermission(scoped, Permission.AdminAccounts)).toBe(false);
  });

  it('narrows a token to its scopes, even for an admin', () => {
    const token = principal({ via: 'token', tokenScopes: [Permission.AccountRead], grants: [{ role: Role.Admin, scopeType: 'global', scopeId: null }] });
    expect(hasPermission(token, Permission.AccountRead)).toBe(true);
    expect(hasPermission(token, Permission.AdminAccounts)).toBe(false);
  });
});

describe('grantablePermissions', () => {
  it('offers a token only what the account holds', () => {
    expect(grantablePermissions([])).toEqual([Permission.AccountRead, Permission.AccountWrite]);
    expect(grantablePermissions([{ role: Role.Admin, scopeType: 'global', scopeId: null }])).toEqual(
      expect.arrayContaining([Permission.AccountRead, Permission.AdminAccounts, Permission.AdminSystem]),
    );
  });
});
