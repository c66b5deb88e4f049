import { pbkdf2Sync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { guardAccounts, setGuardPin } from './guard-accounts.ts';
import { createUser } from './sessions.ts';
import { openTestDatabase } from '../../test/support/server-database.ts';

describe('guard accounts for the kiosk', () => {
  let db: Kysely<Database>;
  const now = '2026-11-25T08:00:00.000Z';

  beforeEach(async () => {
    db = await openTestDatabase();
    await createUser(db, { username: 'guard-li', password: 'pw-guard-li-secret', role: 'guard', now });
    await createUser(db, { username: 'staff', password: 'pw-staff-secret', role: 'community', now });
  });
  afterEach(async () => {
    await db.destroy();
  });

  it('puts a guard with a PIN in the snapshot with a hash that checks the PIN, and never the PIN', async () => {
    expect(await guardAccounts(db)).toEqual([]);
    expect(await setGuardPin(db, 'guard-li', '李师傅', '0427')).toBe(true);
    const [account] = await guardAccounts(db);
    expect(account).toMatchObject({ name: '李师傅', pin: { algorithm: 'PBKDF2-SHA-256', iterations: 100_000 } });
    expect(JSON.stringify(account)).not.toContain('0427');
    const again = pbkdf2Sync('0427', Buffer.from(account!.pin.salt, 'base64'), account!.pin.iterations, 32, 'sha256');
    expect(again.toString('base64')).toBe(account!.pin.hash);
  });

  it('gives PINs to guards only, and refuses a PIN that is not 4 to 8 digits', async () => {
    expect(await setGuardPin(db, 'staff', 'staff', '1234')).toBe(false);
    await expect(setGuardPin(db, 'guard-li', '李师傅', '12a4')).rejects.toThrow(/4 to 8 digits/);
    expect(await guardAccounts(db)).toEqual([]);
  });

  it('leaves disabled guards out', async () => {
    await setGuardPin(db, 'guard-li', '李师傅', '0427');
    await db.updateTable('users').set({ disabled_at: now }).where('username', '=', 'guard-li').execute();
    expect(await guardAccounts(db)).toEqual([]);
  });
});
