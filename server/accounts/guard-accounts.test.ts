import { pbkdf2Sync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { guardAccounts, setGuardPin } from './guard-accounts.ts';
import { createUser } from './sessions.ts';
import { openTestGate } from '../../test/support/server-database.ts';

describe('guard accounts for the kiosk', () => {
  let db: Kysely<Database>;
  let compoundId: string;
  const now = '2026-11-25T08:00:00.000Z';

  beforeEach(async () => {
    ({ db, communityId: compoundId } = await openTestGate());
    await createUser(db, { username: 'guard-li', password: 'pw-guard-li-secret', role: 'guard', now });
    await createUser(db, { username: 'staff', password: 'pw-staff-secret', role: 'community', now });
  });
  afterEach(async () => {
    await db.destroy();
  });

  it('puts a guard with a PIN in the snapshot with a hash that checks the PIN, and never the PIN', async () => {
    expect(await guardAccounts(db, compoundId)).toEqual([]);
    expect(await setGuardPin(db, 'guard-li', '李师傅', '0427')).toBe(true);
    const [account] = await guardAccounts(db, compoundId);
    expect(account).toMatchObject({ name: '李师傅', pin: { algorithm: 'PBKDF2-SHA-256', iterations: 100_000 } });
    expect(JSON.stringify(account)).not.toContain('0427');
    const again = pbkdf2Sync('0427', Buffer.from(account!.pin.salt, 'base64'), account!.pin.iterations, 32, 'sha256');
    expect(again.toString('base64')).toBe(account!.pin.hash);
  });

  it('gives PINs to guards only, and refuses a PIN that is not 4 to 8 digits', async () => {
    expect(await setGuardPin(db, 'staff', 'staff', '1234')).toBe(false);
    await expect(setGuardPin(db, 'guard-li', '李师傅', '12a4')).rejects.toThrow(/4 to 8 digits/);
    expect(await guardAccounts(db, compoundId)).toEqual([]);
  });

  it('leaves disabled guards out', async () => {
    await setGuardPin(db, 'guard-li', '李师傅', '0427');
    await db.updateTable('users').set({ disabled_at: now }).where('username', '=', 'guard-li').execute();
    expect(await guardAccounts(db, compoundId)).toEqual([]);
  });

  it('gives a compound its own guards and those of the tree above it, never a neighbour’s', async () => {
    const other = 'compound-other';
    await db.insertInto('communities').values({ id: other, name: '别的小区', roster_version: 1, created_at: now }).execute();
    await createUser(db, { username: 'guard-wang', password: 'pw-guard-wang-secret', role: 'guard', now, compoundId: other });
    await createUser(db, {
      username: 'guard-zhao',
      password: 'pw-guard-zhao-secret',
      role: 'guard',
      now,
      orgNodeId: 'org-street',
    });
    for (const username of ['guard-li', 'guard-wang', 'guard-zhao']) await setGuardPin(db, username, username, '0427');
    await db.updateTable('users').set({ compound_id: compoundId }).where('username', '=', 'guard-li').execute();
    expect((await guardAccounts(db, compoundId)).map((g) => g.name)).toEqual(['guard-li', 'guard-zhao']);
    expect((await guardAccounts(db, other)).map((g) => g.name)).toEqual(['guard-wang', 'guard-zhao']);
  });
});
