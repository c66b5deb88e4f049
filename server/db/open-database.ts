import SQLite from 'better-sqlite3';
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import pg from 'pg';
import type { Database } from './schema.ts';

/** How long a statement waits for another writer's lock, on either database. */
export const LOCK_WAIT_MS = 5000;

/**
 * SQLite rolls a transaction back by itself on some failures (SQLITE_FULL when the disk is full,
 * an I/O error, out of memory); the ROLLBACK Kysely sends after it then fails with "no transaction
 * is active", and that error would replace the one that says what happened (a full disk answered
 * 500 instead of 503 disk-full). The transaction is gone either way: nothing to undo.
 */
class SqliteDriverKeepingCause extends SqliteDriver {
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } catch (error) {
      if (!(error instanceof Error && /no transaction is active/.test(error.message))) throw error;
    }
  }
}

class SqliteDialectKeepingCause extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new SqliteDriverKeepingCause(this.#config);
  }
}

/**
 * The database holds health data and password and session hashes: owner-only. SQLite would create
 * it 0644, and gives its -wal and -shm files the mode of the database file, so the file is made
 * (or, from an older install, narrowed) 0600 before SQLite opens it; leftover -wal/-shm too.
 */
function ownerOnly(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o600);
}

/** Opens the embedded SQLite store; `':memory:'` for tests. */
export function openSqliteDatabase(file: string): Kysely<Database> {
  if (file !== ':memory:') ownerOnly(file);
  const sqlite = new SQLite(file);
  // WAL lets the review console read while a gate batch is being written.
  sqlite.pragma('journal_mode = WAL');
  // `npm run seed` may write while the server runs: wait for the lock instead of failing. Past
  // the wait the request is answered 503 database-busy (app.ts), for the caller to retry.
  sqlite.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<Database>({ dialect: new SqliteDialectKeepingCause({ database: sqlite }) });
}

/** Opens a PostgreSQL database from a `postgres://` URL (a pool: Kysely takes a connection per query or transaction). */
export function openPostgresDatabase(url: string, options: { maxConnections?: number } = {}): Kysely<Database> {
  // Without lock_timeout a statement waits for a lock forever: a table locked by another session
  // would hang every ingest and, once the pool is used up, every route. Past the wait the request
  // is answered 503 database-busy (app.ts), for the caller to retry.
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    options: `-c lock_timeout=${LOCK_WAIT_MS}`,
  });
  // An idle client losing its server (restart, network) emits here; without a listener Node would crash.
  pool.on('error', (error) => console.error(`PostgreSQL pool: ${error.message}`));
  // A connection the pool is closing can still be terminated by the server (shutdown, a dropped
  // database); pg emits that on the client, outside any query, where nothing else listens.
  pool.on('connect', (client) => client.on('error', (error) => console.error(`PostgreSQL connection: ${error.message}`)));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export type DatabaseKind = 'sqlite' | 'postgres';

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url);
}

/** PostgreSQL when `databaseUrl` is a `postgres://` URL, else SQLite in `sqliteFile`. */
export function openDatabase(options: { databaseUrl?: string | undefined; sqliteFile: string }): {
  db: Kysely<Database>;
  kind: DatabaseKind;
} {
  if (isPostgresUrl(options.databaseUrl)) return { db: openPostgresDatabase(options.databaseUrl), kind: 'postgres' };
  return { db: openSqliteDatabase(options.sqliteFile), kind: 'sqlite' };
}
