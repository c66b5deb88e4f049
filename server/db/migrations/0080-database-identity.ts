import { randomUUID } from 'node:crypto';
import type { Kysely, Migration } from 'kysely';

/**
 * The database's identity (protocol/server-identity.ts), a `settings` row. A restore mints a new
 * one (server/operations/restore.ts); this gives a database that never was restored its first.
 */
export const databaseIdentity: Migration = {
  async up(db: Kysely<any>) {
    const now = new Date().toISOString();
    const value = JSON.stringify({ id: randomUUID(), createdAt: now, restoredFrom: null });
    await db.insertInto('settings').values({ name: 'database_identity', value, updated_at: now }).execute();
  },
};
