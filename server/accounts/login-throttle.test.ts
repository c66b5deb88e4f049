import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/schema.ts';
import { LoginThrottle } from './login-throttle.ts';
import { openTestDatabase } from '../../test/support/server-database.ts';

const MINUTE = 60_000;
const start = Date.parse('2026-11-25T08:00:00.000Z');
const at = (ms: number) => new Date(start + ms);

let db: Kysely<Database>;
let throttle: LoginThrottle;
beforeEach(async () => {
  db = await openTestDatabase();
  throttle = new LoginThrottle(db);
});
afterEach(async () => {
  await db.destroy();
});

const staff = { username: 'staff', address: '10.0.0.7' };
const staffElsewhere = { username: 'staff', address: '10.0.0.8' };

describe('LoginThrottle', () => {
  it('locks a username from one address for 15 minutes after 5 failures within 15 minutes', async () => {
    for (let i = 0; i < 4; i++) await throttle.recordFailure(staff, at(i * MINUTE));
    expect(await throttle.lockedFor(staff, at(4 * MINUTE))).toBe(0);
    await throttle.recordFailure(staff, at(4 * MINUTE));
    expect(await throttle.lockedFor(staff, at(4 * MINUTE))).toBe(15 * MINUTE);
    expect(await throttle.lockedFor({ ...staff, username: 'admin' }, at(4 * MINUTE))).toBe(0);
    expect(await throttle.lockedFor(staff, at(19 * MINUTE - 1))).toBe(1);
    expect(await throttle.lockedFor(staff, at(19 * MINUTE))).toBe(0);
  });

  it('does not lock the username for other addresses: one address cannot lock a user out', async () => {
    for (let i = 0; i < 5; i++) await throttle.recordFailure(staff, at(0));
    expect(await throttle.lockedFor(staff, at(0))).toBe(15 * MINUTE);
    expect(await throttle.lockedFor(staffElsewhere, at(0))).toBe(0);
  });

  it('holds back an address spraying one guess at many usernames after 20 failures', async () => {
    for (let i = 0; i < 19; i++) await throttle.recordFailure({ username: `user${i}`, address: '10.0.0.9' }, at(0));
    expect(await throttle.lockedFor({ username: 'admin', address: '10.0.0.9' }, at(0))).toBe(0);
    await throttle.recordFailure({ username: 'user19', address: '10.0.0.9' }, at(0));
    expect(await throttle.lockedFor({ username: 'admin', address: '10.0.0.9' }, at(0))).toBe(15 * MINUTE);
    expect(await throttle.lockedFor({ username: 'admin', address: '10.0.0.10' }, at(0))).toBe(0);
  });

  it('holds a username back for everyone after 50 failures from many addresses', async () => {
    for (let i = 0; i < 50; i++) await throttle.recordFailure({ username: 'admin', address: `10.0.1.${i % 12}` }, at(0));
    expect(await throttle.lockedFor({ username: 'admin', address: '10.9.9.9' }, at(0))).toBe(15 * MINUTE);
  });

  it('forgets failures older than the window', async () => {
    for (let i = 0; i < 4; i++) await throttle.recordFailure(staff, at(0));
    await throttle.recordFailure(staff, at(15 * MINUTE));
    expect(await throttle.lockedFor(staff, at(15 * MINUTE))).toBe(0);
  });

  it('clears the count from that address on a successful sign-in', async () => {
    for (let i = 0; i < 4; i++) await throttle.recordFailure(staff, at(0));
    await throttle.recordSuccess(staff);
    await throttle.recordFailure(staff, at(0));
    expect(await throttle.lockedFor(staff, at(0))).toBe(0);
  });

  it('keeps a lock across a restart: a new throttle on the same database still refuses', async () => {
    for (let i = 0; i < 5; i++) await throttle.recordFailure(staff, at(0));
    const afterRestart = new LoginThrottle(db);
    expect(await afterRestart.lockedFor(staff, at(MINUTE))).toBe(14 * MINUTE);
  });
});
