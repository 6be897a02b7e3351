import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { DevMailReceiver, PERMISSION_METADATA, Permission, type PermissionRequirement } from '@commonpurse/kernel';
import { createAccount } from '@commonpurse/testing';
import { DevMailboxModule } from '../../apps/api/src/dev/dev-mailbox.module';
import { startTestApp, type TestApp } from '../support/test-app';
import { WebSession } from '../support/web-session';

interface Route {
  route: string;
  requirement: PermissionRequirement | undefined;
}

/** Every handler Nest registered, with the permission it declares (on the method, or else on its class). */
function registeredRoutes(t: TestApp): Route[] {
  const controllers = [...t.app.get(ModulesContainer).values()].flatMap((module) => [...module.controllers.values()]);
  const scanner = new MetadataScanner();
  const routes: Route[] = [];
  for (const wrapper of controllers) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      routes.push({
        route: `${method} /${String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype))}/${String(Reflect.getMetadata(PATH_METADATA, handler))} (${wrapper.metatype.name}.${name})`,
        requirement: Reflect.getMetadata(PERMISSION_METADATA, handler) ?? Reflect.getMetadata(PERMISSION_METADATA, wrapper.metatype),
      });
    }
  }
  return routes;
}

describe('permissions: deny by default', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('finds the routes it is meant to walk', () => {
    const routes = registeredRoutes(t).map((r) => r.route);
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.some((r) => r.includes('MeApiController.me'))).toBe(true);
  });

  it('every registered handler declares a permission (public pages declare `public`)', () => {
    const missing = registeredRoutes(t).filter((r) => r.requirement === undefined).map((r) => r.route);
    expect(missing).toEqual([]);
  });

  it('declares only permissions that exist', () => {
    const known = new Set<string>(Object.values(Permission));
    const unknown = registeredRoutes(t).filter((r) => r.requirement && !known.has(r.requirement.permission)).map((r) => r.route);
    expect(unknown).toEqual([]);
  });

  it('covers the development mailbox too, which only npm start mounts', () => {
    const [mailbox] = DevMailboxModule.register(new DevMailReceiver()).controllers ?? [];
    const handlers = Object.getOwnPropertyNames(mailbox.prototype).filter((name) => name !== 'constructor');
    expect(handlers.length).toBeGreaterThan(0);
    for (const name of handlers) {
      expect([name, Reflect.getMetadata(PERMISSION_METADATA, (mailbox.prototype as Record<string, object>)[name])]).toEqual([name, { permission: Permission.Public }]);
    }
  });

  it('keeps administrators’ permissions from ordinary residents', async () => {
    const resident = await createAccount(t.db.url);
    const admin = await createAccount(t.db.url, { roles: [{ role: 'admin' }] });
    const asResident = new WebSession(t);
    await asResident.signIn(resident.email, resident.password);
    const residentTokens = await asResident.get('/account/tokens').expect(200);
    expect(residentTokens.text).not.toContain('value="admin:accounts"');
    const asAdmin = new WebSession(t);
    await asAdmin.signIn(admin.email, admin.password);
    const adminTokens = await asAdmin.get('/account/tokens').expect(200);
    expect(adminTokens.text).toContain('value="admin:accounts"');
  });

  it('sends an anonymous visitor of a private page to sign in, and back afterwards', async () => {
    const account = await createAccount(t.db.url);
    const web = new WebSession(t);
    const redirect = await web.get('/account/preferences').expect(303);
    expect(redirect.headers.location).toBe('/sign-in?returnTo=%2Faccount%2Fpreferences');
    const signIn = await web.submit('/sign-in?returnTo=%2Faccount%2Fpreferences', { email: account.email, password: account.password, returnTo: '/account/preferences' }, '/sign-in');
    expect(signIn.headers.location).toBe('/account/preferences');
  });

  it('never sends anyone to another site after sign-in', async () => {
    const account = await createAccount(t.db.url);
    const web = new WebSession(t);
    const signIn = await web.submit('/sign-in', { email: account.email, password: account.password, returnTo: '//evil.example/phish' });
    expect(signIn.headers.location).toBe('/account');
  });
});
