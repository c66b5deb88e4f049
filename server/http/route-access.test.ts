import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../protocol/sync.ts';
import type { UserRole } from '../../protocol/review.ts';
import { enrollDevice, revokeDevice } from '../accounts/devices.ts';
import { ALL_ROLES, type RegisteredRoute } from './route-access.ts';
import { closeTestApp, openTestApp, signIn, type TestApp } from '../../test/support/server-app.ts';
import { DEFAULT_TOP_SCOPE } from '../org/scope.ts';

/*
 * The route table test: every route any feature registers is found through the app's route
 * table and must declare its access; each user route is then called signed out (401) and by every
 * role it does not allow (403), each device route without a token, with a revoked one and with a
 * user's cookie (401). A new route is covered the moment it is registered.
 */

/** The only routes anyone may call. Adding one here is a decision, not an accident. */
const PUBLIC_ROUTES = ['GET /', 'HEAD /', 'GET /api/v1/health', 'HEAD /api/v1/health', 'POST /api/v1/session'];

let test: TestApp;
let cookies: Record<UserRole, string>;
let revokedToken: string;
beforeAll(async () => {
  test = await openTestApp();
  cookies = {} as Record<UserRole, string>;
  for (const role of ALL_ROLES) cookies[role] = await signIn(test, `route-${role}`, role);
  const revoked = await enrollDevice(test.gate.db, {
    deviceId: 'gate-revoked',
    gateId: test.gate.gateId,
    now: new Date().toISOString(),
  });
  await revokeDevice(test.gate.db, revoked.deviceId, new Date().toISOString(), DEFAULT_TOP_SCOPE);
  revokedToken = revoked.token;
});
afterAll(async () => {
  await closeTestApp(test);
});

const name = (route: RegisteredRoute) => `${route.method} ${route.url}`;
const concreteUrl = (url: string) => url.replace(/:[A-Za-z_]+/g, 'x').replace(/\*/g, 'x');

function call(route: RegisteredRoute, headers: Record<string, string>) {
  const method = route.method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
  const withBody = ['POST', 'PUT', 'PATCH'].includes(method);
  return test.app.inject({ method, url: concreteUrl(route.url), headers, ...(withBody ? { payload: {} } : {}) });
}

function expectRefused(response: { statusCode: number; body: string }, status: 401 | 403, where: string) {
  expect(response.statusCode, where).toBe(status);
  if (response.body) expect(ApiError.safeParse(JSON.parse(response.body)).success, where).toBe(true);
}

describe('every registered route', () => {
  it('declares who may call it', () => {
    const routes = test.app.routeTable;
    expect(routes.length).toBeGreaterThan(5);
    expect(routes.filter((route) => !route.access).map(name)).toEqual([]);
    expect(
      routes
        .filter((route) => route.access?.kind === 'public')
        .map(name)
        .sort(),
    ).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('answers 401 signed out and 403 to every role it does not allow', async () => {
    const userRoutes = test.app.routeTable.filter((route) => route.access?.kind === 'user');
    expect(userRoutes.map(name)).toContain('GET /api/v1/entries');
    for (const route of userRoutes) {
      const allowed = route.access?.kind === 'user' ? route.access.roles : [];
      expect(allowed.length, `${name(route)} allows nobody`).toBeGreaterThan(0);
      expectRefused(await call(route, {}), 401, `${name(route)} signed out`);
      expectRefused(
        await call(route, { authorization: `Bearer ${test.gate.deviceToken}` }),
        401,
        `${name(route)} with a device token`,
      );
      for (const role of ALL_ROLES.filter((r) => !allowed.includes(r))) {
        expectRefused(await call(route, { cookie: cookies[role] }), 403, `${name(route)} as ${role}`);
      }
    }
  });

  it('refuses device routes without a token, with a revoked token and with a user cookie', async () => {
    const deviceRoutes = test.app.routeTable.filter((route) => route.access?.kind === 'device');
    expect(deviceRoutes.map(name)).toContain('POST /api/v1/ingest');
    for (const route of deviceRoutes) {
      expectRefused(await call(route, {}), 401, `${name(route)} without a token`);
      expectRefused(await call(route, { authorization: `Bearer ${revokedToken}` }), 401, `${name(route)} revoked`);
      expectRefused(await call(route, { cookie: cookies.admin }), 401, `${name(route)} with an admin cookie`);
    }
  });

  it('refuses monitoring routes from another machine, whatever credential it brings', async () => {
    const monitorRoutes = test.app.routeTable.filter((route) => route.access?.kind === 'monitor');
    expect(monitorRoutes.map(name)).toContain('GET /metrics');
    for (const route of monitorRoutes) {
      const from = (headers: Record<string, string>) =>
        test.app.inject({ method: route.method as 'GET', url: concreteUrl(route.url), headers, remoteAddress: '192.0.2.7' });
      expectRefused(await from({}), 401, `${name(route)} from another machine`);
      expectRefused(await from({ authorization: `Bearer ${test.gate.deviceToken}` }), 401, `${name(route)} with a device token`);
      expectRefused(await from({ cookie: cookies.admin }), 401, `${name(route)} with an admin cookie`);
      expectRefused(await call(route, { 'x-forwarded-for': '192.0.2.7' }), 401, `${name(route)} forwarded by a proxy`);
    }
  });

  it('refuses every cookie-authenticated write from another site, whatever the role allows', async () => {
    const writes = test.app.routeTable.filter(
      (route) => route.access?.kind !== 'device' && !['GET', 'HEAD', 'OPTIONS'].includes(route.method),
    );
    expect(writes.map(name)).toContain('POST /api/v1/users');
    expect(writes.map(name)).toContain('POST /api/v1/session');
    for (const route of writes) {
      const foreignPages: Record<string, string>[] = [
        { origin: 'https://evil.example' },
        { origin: 'null' },
        { 'sec-fetch-site': 'cross-site' },
      ];
      for (const foreign of foreignPages) {
        const response = await call(route, { cookie: cookies.admin, ...foreign });
        expectRefused(response, 403, `${name(route)} with ${JSON.stringify(foreign)}`);
        expect(ApiError.parse(response.json()).error).toBe('cross-origin');
      }
    }
    // The console's own page: the same origin as the Host it asked.
    const own = await test.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { origin: 'http://localhost:80', host: 'localhost:80' },
      payload: {},
    });
    expect(own.statusCode).toBe(400);
  });

  it('answers 421 on every route to a Host name it does not serve (DNS rebinding)', async () => {
    for (const route of test.app.routeTable) {
      const response = await call(route, {
        host: 'rebind.example:8080',
        origin: 'http://rebind.example:8080',
        cookie: cookies.admin,
        authorization: `Bearer ${test.gate.deviceToken}`,
      });
      expect([name(route), response.statusCode]).toEqual([name(route), 421]);
    }
  });

  it('lets the guard read who is signed in but not the entry log', async () => {
    expect(
      (await test.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: cookies.guard } })).statusCode,
    ).toBe(200);
    expect(
      (await test.app.inject({ method: 'GET', url: '/api/v1/entries', headers: { cookie: cookies.guard } })).statusCode,
    ).toBe(403);
    expect(
      (await test.app.inject({ method: 'GET', url: '/api/v1/entries', headers: { cookie: cookies.community } })).statusCode,
    ).toBe(200);
  });
});

describe('a route that declares nothing', () => {
  it('is refused to everyone, admins included', async () => {
    const undeclared = await openTestApp();
    try {
      undeclared.app.get('/api/v1/forgotten', async () => ({ secret: true }));
      const admin = await signIn(undeclared, 'admin-x', 'admin');
      const response = await undeclared.app.inject({ method: 'GET', url: '/api/v1/forgotten', headers: { cookie: admin } });
      expect(response.statusCode).toBe(403);
      expect(ApiError.parse(response.json()).error).toBe('no-access-rule');
    } finally {
      await closeTestApp(undeclared);
    }
  });
});
