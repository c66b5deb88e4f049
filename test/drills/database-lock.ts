import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { DATABASE_FILE_NAME } from '../../server/setup/data-dir.ts';

/** Another program holding the write lock on the server's database until `release`. */
export interface WriteLock {
  release: () => Promise<void>;
}

/**
 * SQLite: a second connection (another process than the server, as a backup script or
 * `npm run seed` would be) opens an EXCLUSIVE transaction, so every writer waits on it.
 */
export function lockSqlite(dataDir: string): WriteLock {
  const file = new Database(join(dataDir, DATABASE_FILE_NAME), { fileMustExist: true });
  // Taking the lock waits for a batch the server is writing now, like any writer would.
  file.pragma('busy_timeout = 30000');
  file.exec('BEGIN EXCLUSIVE');
  return {
    release: async () => {
      file.exec('COMMIT');
      file.close();
    },
  };
}

/**
 * PostgreSQL: another session locks the entries table in EXCLUSIVE mode (reads go on, inserts
 * wait), as a maintenance job or a long report with `FOR UPDATE` would.
 */
export async function lockPostgresEntries(databaseUrl: string): Promise<WriteLock> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE entries IN EXCLUSIVE MODE');
  return {
    release: async () => {
      await client.query('COMMIT');
      await client.end();
    },
  };
}
