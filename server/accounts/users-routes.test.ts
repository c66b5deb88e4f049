import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserListResponse, UserView } from '../../protocol/accounts.ts';
import { ApiError } from '../../protocol/sync.ts';
import { closeTestApp, openTestApp, signIn, type TestApp } from '../../test/support/server-app.ts';

let test: TestApp;
let admin: string;
beforeEach(async () => {
  test = await openTestApp();
  admin = await signIn(test, 'admin1', 'admin');
});
afterEach(async () => {
  await closeTestApp(test);
});

function api(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>, cookie = admin) {
  return test.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload }) });
}

function login(username: string, password: string) {
  return test.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password } });
}

async function createStaff(): Promise<UserView> {
  const response = await api('POST', '/api/v1/users', { username: 'staff-wang', password: 'first-password', role: 'property' });
  expect(response.statusCode).toBe(201);
  return UserView.parse(response.json());
}

describe('accounts, managed by an admin', () => {
  it('creates a user who can sign in, lists users without password hashes, refuses a taken name', async () => {
    const staff = await createStaff();
    expect(staff).toMatchObject({ username: 'staff-wang', role: 'property', disabledAt: null });
    expect((await login('staff-wang', 'first-password')).statusCode).toBe(200);
    const list = await api('GET', '/api/v1/users');
    expect(list.body).not.toContain('scrypt');
    expect(UserListResponse.parse(list.json()).users.map((u) => u.username)).toEqual(['admin1', 'staff-wang']);
    const again = await api('POST', '/api/v1/users', { username: 'staff-wang', password: 'other-password', role: 'guard' });
    expect(again.statusCode).toBe(409);
    expect(ApiError.parse(again.json()).error).toBe('username-taken');
  });

  it('refuses a short password and an unknown role with the field named', async () => {
    const short = await api('POST', '/api/v1/users', { username: 'x', password: 'short', role: 'guard' });
    expect(short.statusCode).toBe(400);
    expect(ApiError.parse(short.json()).message).toContain('password');
    const role = await api('POST', '/api/v1/users', { username: 'x', password: 'long-enough-pw', role: 'mayor' });
    expect(ApiError.parse(role.json()).message).toContain('role');
  });

  it('disables a user: the open session stops working and sign-in fails; enabling restores sign-in', async () => {
    const staff = await createStaff();
    const cookie = `cp_session=${(await login('staff-wang', 'first-password')).cookies.find((c) => c.name === 'cp_session')?.value}`;
    expect((await api('GET', '/api/v1/session', undefined, cookie)).statusCode).toBe(200);
    const disabled = await api('PATCH', `/api/v1/users/${staff.id}`, { disabled: true });
    expect(UserView.parse(disabled.json()).disabledAt).not.toBeNull();
    expect((await api('GET', '/api/v1/session', undefined, cookie)).statusCode).toBe(401);
    expect((await login('staff-wang', 'first-password')).statusCode).toBe(401);
    await api('PATCH', `/api/v1/users/${staff.id}`, { disabled: false });
    expect((await login('staff-wang', 'first-password')).statusCode).toBe(200);
  });

  it('changes a role, ending the sessions that carried the old one', async () => {
    const staff = await createStaff();
    const cookie = `cp_session=${(await login('staff-wang', 'first-password')).cookies.find((c) => c.name === 'cp_session')?.value}`;
    const changed = await api('PATCH', `/api/v1/users/${staff.id}`, { role: 'community' });
    expect(UserView.parse(changed.json()).role).toBe('community');
    expect((await api('GET', '/api/v1/session', undefined, cookie)).statusCode).toBe(401);
    expect((await login('staff-wang', 'first-password')).json()).toEqual({
      username: 'staff-wang',
      role: 'community',
      scope: { kind: 'node', id: 'org-district', level: 'district', name: '默认区' },
    });
  });

  it('resets a password: the old one stops working, the new one works', async () => {
    const staff = await createStaff();
    const reset = await api('POST', `/api/v1/users/${staff.id}/password`, { password: 'second-password' });
    expect(reset.statusCode).toBe(200);
    expect((await login('staff-wang', 'first-password')).statusCode).toBe(401);
    expect((await login('staff-wang', 'second-password')).statusCode).toBe(200);
    expect((await api('POST', '/api/v1/users/nobody/password', { password: 'second-password' })).statusCode).toBe(404);
  });

  it("sets a guard's kiosk PIN: the list says how many digits, never the PIN or its hash; audited without it", async () => {
    const created = await api('POST', '/api/v1/users', { username: 'guard-zhao', password: 'first-password', role: 'guard' });
    const guard = UserView.parse(created.json());
    expect(guard.guardPin).toBeNull();
    const short = await api('POST', `/api/v1/users/${guard.id}/pin`, { pin: '4821' });
    expect(short.statusCode).toBe(200);
    expect(UserView.parse(short.json()).guardPin).toEqual({ digits: 4 });
    expect((await api('POST', `/api/v1/users/${guard.id}/pin`, { pin: '482193' })).statusCode).toBe(200);
    const list = await api('GET', '/api/v1/users');
    expect(list.body).not.toMatch(/482193|scrypt|salt/);
    const listed = UserListResponse.parse(list.json()).users;
    expect(listed.find((u) => u.id === guard.id)!.guardPin).toEqual({ digits: 6 });
    expect(listed.find((u) => u.username === 'admin1')!.guardPin).toBeNull();

    for (const pin of ['123', '1234567', '12a456']) {
      const refused = await api('POST', `/api/v1/users/${guard.id}/pin`, { pin });
      expect(refused.statusCode, pin).toBe(400);
      expect(ApiError.parse(refused.json()).error).toBe('invalid-pin');
    }
    const staff = await createStaff();
    const notGuard = await api('POST', `/api/v1/users/${staff.id}/pin`, { pin: '482193' });
    expect(notGuard.statusCode).toBe(409);
    expect(ApiError.parse(notGuard.json()).error).toBe('not-a-guard');
    expect((await api('POST', '/api/v1/users/nobody/pin', { pin: '482193' })).statusCode).toBe(404);
    const audited = await test.gate.db.selectFrom('audit_log').select(['detail']).where('action', '=', 'user.pin-set').execute();
    expect(audited).toHaveLength(2);
    expect(JSON.stringify(audited)).not.toMatch(/482193|4821"/);
  });

  it('will not let an admin disable or demote their own account', async () => {
    const users = UserListResponse.parse((await api('GET', '/api/v1/users')).json()).users;
    const self = users.find((u) => u.username === 'admin1')!;
    const response = await api('PATCH', `/api/v1/users/${self.id}`, { disabled: true });
    expect(response.statusCode).toBe(409);
    expect(ApiError.parse(response.json()).error).toBe('own-account');
    expect((await api('PATCH', `/api/v1/users/${self.id}`, { role: 'guard' })).statusCode).toBe(409);
  });

  it('audits every change and every look at the list, never with a password', async () => {
    const staff = await createStaff();
    await api('POST', `/api/v1/users/${staff.id}/password`, { password: 'second-password' });
    await api('GET', '/api/v1/users');
    const rows = await test.gate.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '<>', 'session.start')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.action)).toEqual(['user.create', 'user.password-reset', 'users.list']);
    expect(JSON.stringify(rows)).not.toContain('password"');
    expect(JSON.stringify(rows)).not.toContain('second-password');
  });
});
