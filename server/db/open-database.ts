import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.ts';

/** Opens the embedded SQLite store; `':memory:'` for tests. */
export function openSqliteDatabase(file: string): Kysely<Database> {
  const sqlite = new SQLite(file);
  // WAL lets the review console read while a gate batch is being written.
  sqlite.pragma('journal_mode = WAL');
  // `npm run seed` may write while the server runs: wait for the lock instead of failing.
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}
