import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionUser } from '../../protocol/review.ts';
import { ApiError } from '../../protocol/sync.ts';
import { createUser } from './sessions.ts';
import { closeTestApp, openTestApp, signIn, type TestApp } from '../../test/support/server-app.ts';

let test: TestApp;
let clock: { now: number };
beforeEach(async () => {
  clock = { now: Date.parse('2026-11-25T08:00:00Z') };
  test = await openTestApp({ now: () => new Date(clock.now) });
  await createUser(test.gate.db, {
    username: 'staff',
    password: 'right-password',
    role: 'community',
    now: new Date().toISOString(),
  });
});
afterEach(async () => {
  await closeTestApp(test);
});

function login(password: string, remoteAddress = '10.0.0.7') {
  return test.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'staff', password }, remoteAddress });
}

describe('POST /api/v1/session', () => {
  it('signs in with an HttpOnly, SameSite=Strict cookie valid for 12 hours', async () => {
    const response = await login('right-password');
    expect(response.statusCode).toBe(200);
    expect(SessionUser.parse(response.json())).toEqual({
      username: 'staff',
      role: 'community',
      scope: { kind: 'node', id: 'org-district', level: 'district', name: '默认区' },
    });
    const cookie = response.cookies.find((c) => c.name === 'cp_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 12 * 60 * 60 });
    const stored = await test.gate.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token_hash).not.toBe(cookie?.value);
  });

  it('answers 401 for a wrong password and for an unknown user', async () => {
    expect((await login('wrong')).statusCode).toBe(401);
    const unknown = await test.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'nobody', password: 'x' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(ApiError.parse(unknown.json()).error).toBe('bad-credentials');
  });

  it('refuses with 429 after 5 failures, even the right password, until 15 minutes pass', async () => {
    for (let i = 0; i < 5; i++) expect((await login('wrong')).statusCode).toBe(401);
    const locked = await login('right-password');
    expect(locked.statusCode).toBe(429);
    expect(ApiError.parse(locked.json()).error).toBe('too-many-attempts');
    expect(locked.headers['retry-after']).toBe('900');
    clock.now += 15 * 60_000;
    expect((await login('right-password')).statusCode).toBe(200);
  });

  it("does not lock the user out from another address: one address's guesses hold back only that address", async () => {
    for (let i = 0; i < 5; i++) expect((await login('wrong', '10.0.0.66')).statusCode).toBe(401);
    expect((await login('right-password', '10.0.0.66')).statusCode).toBe(429);
    expect((await login('right-password', '10.0.0.7')).statusCode).toBe(200);
  });

  it('refuses a guard account with a clear message and no cookie, after checking the password', async () => {
    await createUser(test.gate.db, {
      username: 'menwei',
      password: 'guard-password',
      role: 'guard',
      now: new Date().toISOString(),
    });
    const guard = (password: string) =>
      test.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'menwei', password } });
    expect(ApiError.parse((await guard('wrong')).json()).error).toBe('bad-credentials');
    const refused = await guard('guard-password');
    expect(refused.statusCode).toBe(403);
    expect(ApiError.parse(refused.json())).toMatchObject({ error: 'guard-account', message: expect.stringContaining('kiosk') });
    expect(refused.cookies).toEqual([]);
  });

  it('answers 400 for a body without a password', async () => {
    const response = await test.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'staff' } });
    expect(response.statusCode).toBe(400);
    expect(ApiError.parse(response.json()).message).toContain('password');
  });
});

describe('GET and DELETE /api/v1/session', () => {
  it('say who is signed in, then sign out so the cookie stops working', async () => {
    expect((await test.app.inject({ method: 'GET', url: '/api/v1/session' })).statusCode).toBe(401);
    const cookie = await signIn(test, 'guard1', 'guard');
    const whoami = await test.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });
    expect(whoami.json()).toEqual({
      username: 'guard1',
      role: 'guard',
      scope: { kind: 'node', id: 'org-district', level: 'district', name: '默认区' },
    });
    expect((await test.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(200);
    expect((await test.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(401);
  });
});
