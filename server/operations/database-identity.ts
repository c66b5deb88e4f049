import type { Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import { DatabaseIdentity } from '../../protocol/server-identity.ts';
import type { Database } from '../db/schema.ts';

export const IDENTITY_SETTING = 'database_identity';

/** The database's identity (migration 0080 writes the first). */
export async function readDatabaseIdentity(db: Kysely<Database>): Promise<DatabaseIdentity> {
  const row = await db.selectFrom('settings').select('value').where('name', '=', IDENTITY_SETTING).executeTakeFirst();
  if (!row) throw new Error(`settings.${IDENTITY_SETTING} is missing: the database is not migrated`);
  return DatabaseIdentity.parse(JSON.parse(row.value));
}

/**
 * Gives a restored database a new identity that names the backup it came from, so every gate
 * offers again what it was answered after the backup was taken.
 */
export async function stampRestoredIdentity(
  db: Kysely<Database>,
  backup: { identity: DatabaseIdentity; takenAt: string },
  now: Date,
): Promise<DatabaseIdentity> {
  const identity = restoredIdentity(backup, now);
  await db
    .updateTable('settings')
    .set({ value: JSON.stringify(identity), updated_at: now.toISOString() })
    .where('name', '=', IDENTITY_SETTING)
    .execute();
  return identity;
}

/** A new identity for a database restored from `backup`. */
export function restoredIdentity(backup: { identity: DatabaseIdentity; takenAt: string }, now: Date): DatabaseIdentity {
  return {
    id: randomUUID(),
    createdAt: now.toISOString(),
    restoredFrom: { id: backup.identity.id, backupTakenAt: backup.takenAt },
  };
}

const known = new WeakMap<Kysely<Database>, Promise<DatabaseIdentity>>();

/**
 * The identity, read once per open database: it changes only by a restore, which the server is
 * stopped for (restore.ts refuses otherwise).
 */
export function databaseIdentityOf(db: Kysely<Database>): Promise<DatabaseIdentity> {
  let identity = known.get(db);
  if (!identity) {
    identity = readDatabaseIdentity(db);
    identity.catch(() => known.delete(db));
    known.set(db, identity);
  }
  return identity;
}
