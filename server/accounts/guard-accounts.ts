import { pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import type { GuardAccount } from '../../protocol/roster.ts';
import type { Database } from '../db/schema.ts';

const derive = promisify(pbkdf2);

/**
 * Guards sign in at the kiosk with a PIN checked offline, so the snapshot carries a slow salted
 * hash the browser can verify with WebCrypto (PBKDF2-SHA-256). A 4–8 digit PIN is weak against an
 * offline search; the hash only keeps it from being read off a kiosk at a glance, and the PIN
 * guards nothing beyond the kiosk's own shift sign-in.
 */
export const GUARD_PIN_ITERATIONS = 100_000;

export interface StoredGuardPin {
  iterations: number;
  salt: string;
  hash: string;
}

export function validGuardPin(pin: string): boolean {
  return /^\d{4,8}$/.test(pin);
}

export async function hashGuardPin(pin: string): Promise<StoredGuardPin> {
  const salt = randomBytes(16);
  const hash = await derive(pin, salt, GUARD_PIN_ITERATIONS, 32, 'sha256');
  return { iterations: GUARD_PIN_ITERATIONS, salt: salt.toString('base64'), hash: hash.toString('base64') };
}

export async function setGuardPin(db: Kysely<Database>, username: string, displayName: string, pin: string): Promise<boolean> {
  if (!validGuardPin(pin)) throw new TypeError('a guard PIN is 4 to 8 digits');
  const result = await db
    .updateTable('users')
    .set({ guard_pin: JSON.stringify(await hashGuardPin(pin)), display_name: displayName })
    .where('username', '=', username)
    .where('role', '=', 'guard')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Enabled guards with a PIN, for the kiosk's offline sign-in. */
/** The guards who may sign in at a compound's gates: its own, and those of a tree node above it. */
export async function guardAccounts(db: Kysely<Database>, compoundId: string): Promise<GuardAccount[]> {
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
  return rows.map((row) => {
    const pin = JSON.parse(row.guard_pin!) as StoredGuardPin;
    return { id: row.id, name: row.display_name ?? row.username, pin: { algorithm: 'PBKDF2-SHA-256', ...pin } };
  });
}
