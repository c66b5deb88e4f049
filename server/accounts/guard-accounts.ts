import { randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { GuardPin, GuardPinRecord } from '../../protocol/guard-pin.ts';
import type { GuardAccount } from '../../protocol/roster.ts';
import type { Database } from '../db/schema.ts';

/**
 * scrypt at the cost the server's passwords use: the gate checks a PIN once per try, and its
 * lockout, not the hash, is what holds a 4–6 digit PIN against guessing. The hash only goes to the
 * gates over their authenticated sync, never to a screen.
 */
const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(pin: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export function validGuardPin(pin: string): boolean {
  return GuardPin.safeParse(pin).success;
}

export async function hashGuardPin(pin: string): Promise<GuardPinRecord> {
  const salt = randomBytes(16);
  const hash = await derive(pin, salt, PARAMS);
  return { algorithm: 'scrypt', ...PARAMS, salt: salt.toString('base64'), hash: hash.toString('base64'), digits: pin.length };
}

/** Sets a guard's PIN (and the name the kiosk lists); false when the username is not a guard's. */
export async function setGuardPin(db: Kysely<Database>, username: string, displayName: string, pin: string): Promise<boolean> {
  if (!validGuardPin(pin)) throw new TypeError('a guard PIN is 4 to 6 digits');
  const result = await db
    .updateTable('users')
    .set({ guard_pin: JSON.stringify(await hashGuardPin(pin)), display_name: displayName })
    .where('username', '=', username)
    .where('role', '=', 'guard')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The stored record, or null for none or one this server cannot read (the guard then cannot sign in). */
export function parseGuardPin(stored: string | null): GuardPinRecord | null {
  if (stored === null) return null;
  try {
    const parsed = GuardPinRecord.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The guards who may sign in at a compound's gates, with a PIN: its own, and those of a tree node above it. */
async function enabledGuardsWithPin(db: Kysely<Database>, compoundId: string) {
  const compound = await db
    .selectFrom('communities')
    .innerJoin('org_nodes', 'org_nodes.id', 'communities.org_parent_id')
    .select('org_nodes.path')
    .where('communities.id', '=', compoundId)
    .executeTakeFirst();
  const parentPath = compound?.path ?? '';
  const rows = await db
    .selectFrom('users')
    .innerJoin('org_nodes', 'org_nodes.id', 'users.org_node_id')
    .select(['users.id as id', 'username', 'display_name', 'guard_pin'])
    .where((eb) =>
      eb.or([
        eb('users.compound_id', '=', compoundId),
        eb.and([
          eb('users.compound_id', 'is', null),
          eb(sql<string>`substr(${parentPath}, 1, length(org_nodes.path))`, '=', eb.ref('org_nodes.path')),
        ]),
      ]),
    )
    .where('role', '=', 'guard')
    .where('guard_pin', 'is not', null)
    .where('disabled_at', 'is', null)
    .orderBy('username')
    .execute();
  return rows.flatMap((row) => {
    const pin = parseGuardPin(row.guard_pin);
    return pin ? [{ id: row.id, name: row.display_name ?? row.username, pin }] : [];
  });
}

/** Enabled guards with a PIN, as the kiosk's sign-in lists them: names only. */
export async function guardAccounts(db: Kysely<Database>, compoundId: string): Promise<GuardAccount[]> {
  return (await enabledGuardsWithPin(db, compoundId)).map(({ id, name }) => ({ id, name }));
}

/** The same guards' PIN hashes, for the compound's gates' own stores (`GET /api/v1/guard-pins`). */
export async function guardPinHashes(db: Kysely<Database>, compoundId: string): Promise<{ id: string; pin: GuardPinRecord }[]> {
  return (await enabledGuardsWithPin(db, compoundId)).map(({ id, pin }) => ({ id, pin }));
}
