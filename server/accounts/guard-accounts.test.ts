import { pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { guardPinRecords } from '../db/migrations/0045-guard-pin-records.ts';
import { guardAccounts, guardPinHashes, parseGuardPin, setGuardPin } from './guard-accounts.ts';
import { createUser } from './sessions.ts';
import { openTestGate } from '../../test/support/server-database.ts';

describe('guard accounts and their PINs', () => {
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

  it('lists a guard with a PIN by name only, and keeps an scrypt hash that checks the PIN for the gates', async () => {
    expect(await guardAccounts(db, compoundId)).toEqual([]);
    expect(await setGuardPin(db, 'guard-li', '李师傅', '042719')).toBe(true);
    const [account] = await guardAccounts(db, compoundId);
    expect(account).toEqual({ id: expect.any(String), name: '李师傅' });
    const [hashed] = await guardPinHashes(db, compoundId);
    expect(hashed).toMatchObject({ id: account!.id, pin: { algorithm: 'scrypt', N: 16384, r: 8, p: 1, digits: 6 } });
    expect(JSON.stringify(hashed)).not.toContain('042719');
    if (hashed!.pin.algorithm !== 'scrypt') throw new Error('expected scrypt');
    const { N, r, p, salt } = hashed!.pin;
    const again = scryptSync('042719', Buffer.from(salt, 'base64'), 32, { N, r, p });
    expect(again.toString('base64')).toBe(hashed!.pin.hash);
  });

  it('gives PINs to guards only, and refuses a PIN that is not 4 to 6 digits', async () => {
    expect(await setGuardPin(db, 'staff', 'staff', '1234')).toBe(false);
    await expect(setGuardPin(db, 'guard-li', '李师傅', '12a4')).rejects.toThrow(/4 to 6 digits/);
    await expect(setGuardPin(db, 'guard-li', '李师傅', '123')).rejects.toThrow(/4 to 6 digits/);
    await expect(setGuardPin(db, 'guard-li', '李师傅', '1234567')).rejects.toThrow(/4 to 6 digits/);
    expect(await guardAccounts(db, compoundId)).toEqual([]);
    expect(await setGuardPin(db, 'guard-li', '李师傅', '1234')).toBe(true);
    expect((await guardPinHashes(db, compoundId))[0]!.pin.digits).toBe(4);
  });

  it('leaves disabled guards out of both lists', async () => {
    await setGuardPin(db, 'guard-li', '李师傅', '0427');
    await db.updateTable('users').set({ disabled_at: now }).where('username', '=', 'guard-li').execute();
    expect(await guardAccounts(db, compoundId)).toEqual([]);
    expect(await guardPinHashes(db, compoundId)).toEqual([]);
  });

  it('gives a compound its own guards and those of the tree above it, never a neighbour’s, names and PIN hashes alike', async () => {
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
    const ids = async (compound: string) => (await guardAccounts(db, compound)).map((g) => g.id);
    expect((await guardPinHashes(db, compoundId)).map((g) => g.id)).toEqual(await ids(compoundId));
    expect((await guardPinHashes(db, other)).map((g) => g.id)).toEqual(await ids(other));
  });

  it('migration 0045 names the algorithm of a PIN stored before, with its length unknown, and the hash still checks', async () => {
    const salt = randomBytes(16);
    const legacy = {
      iterations: 100_000,
      salt: salt.toString('base64'),
      hash: pbkdf2Sync('0427', salt, 100_000, 32, 'sha256').toString('base64'),
    };
    await db
      .updateTable('users')
      .set({ guard_pin: JSON.stringify(legacy), display_name: '李师傅' })
      .where('username', '=', 'guard-li')
      .execute();
    expect(await guardPinHashes(db, compoundId)).toEqual([]);
    await guardPinRecords.up(db);
    const [hashed] = await guardPinHashes(db, compoundId);
    expect(hashed!.pin).toEqual({ algorithm: 'PBKDF2-SHA-256', ...legacy, digits: null });
    await guardPinRecords.up(db);
    expect((await guardPinHashes(db, compoundId))[0]!.pin).toEqual(hashed!.pin);
  });

  it('reads nothing from a record it does not know', () => {
    expect(parseGuardPin(null)).toBeNull();
    expect(parseGuardPin('not json')).toBeNull();
    expect(parseGuardPin(JSON.stringify({ algorithm: 'md5', hash: 'x' }))).toBeNull();
  });
});
