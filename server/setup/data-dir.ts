import type { Kysely } from 'kysely';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { migrateToLatest } from '../db/migrations.ts';
import { openDatabase } from '../db/open-database.ts';
import type { Database } from '../db/schema.ts';
import { loadOrCreateServerKeys, type ServerKeys } from './keys.ts';

export const DATABASE_FILE_NAME = 'checkpoint.sqlite';

/** `CHECKPOINT_DATA_DIR`, default `./data` relative to the working directory. */
export function dataDirFromEnv(env: NodeJS.ProcessEnv): string {
  return resolve(env.CHECKPOINT_DATA_DIR ?? 'data');
}

/**
 * Opens the data folder the server and the seed share: keys loaded or created, database migrated.
 * The database is PostgreSQL when `databaseUrl` (the `DATABASE_URL` setting) is a `postgres://`
 * URL, else SQLite inside the folder; the keys stay in the folder either way.
 */
export async function openDataDir(
  dataDir: string,
  options: { databaseUrl?: string | undefined } = {},
): Promise<{ db: Kysely<Database>; keys: ServerKeys }> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const keys = loadOrCreateServerKeys(dataDir);
  const { db } = openDatabase({ databaseUrl: options.databaseUrl, sqliteFile: join(dataDir, DATABASE_FILE_NAME) });
  const migrated = await migrateToLatest(db);
  if (!migrated.ok) {
    await db.destroy();
    throw new Error(`database migration failed: ${migrated.reason}`);
  }
  return { db, keys };
}
