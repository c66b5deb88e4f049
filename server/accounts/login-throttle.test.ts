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

describe('LoginThrottle', () => {
  it('locks a username for 15 minutes after 5 failures within 15 minutes', async () => {
    for (let i = 0; i < 4; i++) await throttle.recordFailure('staff', at(i * MINUTE));
    expect(await throttle.lockedFor('staff', at(4 * MINUTE))).toBe(0);
    await throttle.recordFailure('staff', at(4 * MINUTE));
    expect(await throttle.lockedFor('staff', at(4 * MINUTE))).toBe(15 * MINUTE);
    expect(await throttle.lockedFor('admin', at(4 * MINUTE))).toBe(0);
    expect(await throttle.lockedFor('staff', at(19 * MINUTE - 1))).toBe(1);
    expect(await throttle.lockedFor('staff', at(19 * MINUTE))).toBe(0);
  });

  it('forgets failures older than the window', async () => {
    for (let i = 0; i < 4; i++) await throttle.recordFailure('staff', at(0));
    await throttle.recordFailure('staff', at(15 * MINUTE));
    expect(await throttle.lockedFor('staff', at(15 * MINUTE))).toBe(0);
  });

  it('clears the count on a successful sign-in', async () => {
    for (let i = 0; i < 4; i++) await throttle.recordFailure('staff', at(0));
    await throttle.recordSuccess('staff');
    await throttle.recordFailure('staff', at(0));
    expect(await throttle.lockedFor('staff', at(0))).toBe(0);
  });

  it('keeps a lock across a restart: a new throttle on the same database still refuses', async () => {
    for (let i = 0; i < 5; i++) await throttle.recordFailure('staff', at(0));
    const afterRestart = new LoginThrottle(db);
    expect(await afterRestart.lockedFor('staff', at(MINUTE))).toBe(14 * MINUTE);
  });
});
