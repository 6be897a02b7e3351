import { Controller, Get, Logger, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Permission, PublicRoute, RequirePermission, type Principal } from '@commonpurse/kernel';
import { IdentityErrorCode, IdentityException } from '../domain/identity.exception';
import { PermissionGuard } from './permission.guard';

@Controller()
class Sample {
  @Get('undeclared')
  undeclared(): void {}

  @Get('open')
  @PublicRoute()
  open(): void {}

  @Get('admin')
  @RequirePermission(Permission.AdminAccounts)
  admin(): void {}

  @Get('funds/:fundId')
  @RequirePermission(Permission.AdminSystem, { type: 'fund', param: 'fundId' })
  scoped(): void {}
}

const principal = (grants: Principal['grants'] = []): Principal => ({
  accountId: 'a', email: 'a@example.org', displayName: 'A', language: 'en', postcode: null, emailVerified: true, grants, via: 'session',
});

function context(handler: keyof Sample, req: Record<string, unknown>): ExecutionContext {
  return {
    getType: () => 'http',
    getHandler: () => Sample.prototype[handler],
    getClass: () => Sample,
    switchToHttp: () => ({ getRequest: () => ({ path: '/x', params: {}, ...req }), getResponse: () => ({}) }),
  } as unknown as ExecutionContext;
}

async function refusal(promise: Promise<boolean>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof IdentityException ? error.code : String(error);
  }
}

describe('PermissionGuard', () => {
  const guard = new PermissionGuard(new Reflector());
  beforeAll(() => Logger.overrideLogger(false)); // the refusal is logged on purpose; keep the test output clean

  it('refuses a handler that declares no permission, even to an admin', async () => {
    const admin = principal([{ role: 'admin', scopeType: 'global', scopeId: null }]);
    expect(await refusal(guard.canActivate(context('undeclared', { principal: admin })))).toBe(IdentityErrorCode.Forbidden);
  });

  it('lets anyone through a public handler', async () => {
    await expect(guard.canActivate(context('open', {}))).resolves.toBe(true);
  });

  it('asks an anonymous caller to sign in, and refuses a signed-in one without the permission', async () => {
    expect(await refusal(guard.canActivate(context('admin', {})))).toBe(IdentityErrorCode.Unauthenticated);
    expect(await refusal(guard.canActivate(context('admin', { principal: principal() })))).toBe(IdentityErrorCode.Forbidden);
  });

  it('checks a scoped permission against the scope named in the route', async () => {
    const manager = principal([{ role: 'admin', scopeType: 'fund', scopeId: 'f1' }]);
    await expect(guard.canActivate(context('scoped', { principal: manager, params: { fundId: 'f1' } }))).resolves.toBe(true);
    expect(await refusal(guard.canActivate(context('scoped', { principal: manager, params: { fundId: 'f2' } })))).toBe(IdentityErrorCode.Forbidden);
  });
});
