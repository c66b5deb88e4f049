import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { inject } from 'vitest';
import { migrateToLatest } from '../../server/db/migrations.ts';
import { openSqliteDatabase, type DatabaseKind } from '../../server/db/open-database.ts';
import type { Database } from '../../server/db/schema.ts';
import { enrollDevice } from '../../server/accounts/devices.ts';
import { TEMPLATE_DATABASE, type TestDatabaseTarget } from './test-database-target.ts';

/*
 * Every server test runs on both databases without saying so: vite.config.ts runs the files under
 * server/ in two vitest projects, `server-sqlite` and `server-postgres`, and this harness opens
 * whichever database its project names (vitest `provide`/`inject`). On SQLite each call gets a
 * fresh in-memory database; on PostgreSQL each call gets its own database, copied from a migrated
 * template in the throwaway cluster the project's globalSetup started, and dropped again on
 * `destroy()`. Test files therefore run in parallel, and tests the other features add are covered
 * on both databases automatically. See docs/interfaces.md, "Server tests on both databases".
 */

export function testDatabaseTarget(): TestDatabaseTarget {
  const target = inject('testDatabase');
  if (!target)
    throw new Error(
      'server tests run in the vitest projects server-sqlite and server-postgres (vite.config.ts), which name their database',
    );
  return target;
}

export function testDatabaseKind(): DatabaseKind {
  return testDatabaseTarget().kind;
}

async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A Kysely whose `destroy()` also drops its test database, so a long run does not fill the disk. */
class DroppedOnDestroy extends Kysely<Database> {
  readonly #drop: () => Promise<void>;
  constructor(url: string, drop: () => Promise<void>) {
    const pool = new pg.Pool({ connectionString: url, max: 5 });
    // DROP DATABASE … WITH (FORCE) terminates whatever connection is still closing (57P01);
    // pg emits that on a client the pool has already let go, where nothing would catch it.
    const expected = (error: Error & { code?: string }): void => {
      if (error.code !== '57P01') throw error;
    };
    pool.on('error', expected);
    pool.on('connect', (client) => client.on('error', expected));
    super({ dialect: new PostgresDialect({ pool }) });
    this.#drop = drop;
  }
  override async destroy(): Promise<void> {
    await super.destroy();
    await this.#drop();
  }
}

/**
 * A fresh PostgreSQL database copied from the migrated template; its URL and how to drop it.
 * For code that opens its own connection from a URL (`openDataDir`, a child process).
 */
export async function createTestPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const target = testDatabaseTarget();
  if (target.kind !== 'postgres') throw new Error('createTestPostgresDatabase is for the server-postgres project');
  const name = `cp_test_${uuidv7().replaceAll('-', '')}`;
  await adminQuery(target.adminUrl, `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  const url = new URL(target.adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(target.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * The database URL a test passes where the server reads `DATABASE_URL`: a fresh PostgreSQL
 * database in the server-postgres project, undefined (SQLite) in server-sqlite.
 */
export async function testDatabaseUrl(): Promise<string | undefined> {
  return testDatabaseKind() === 'postgres' ? (await createTestPostgresDatabase()).url : undefined;
}

/** A fresh, migrated, empty database of the project's kind. `destroy()` it when done. */
export async function openTestDatabase(): Promise<Kysely<Database>> {
  if (testDatabaseKind() === 'sqlite') {
    const db = openSqliteDatabase(':memory:');
    const migrated = await migrateToLatest(db);
    if (!migrated.ok) throw new Error(migrated.reason);
    return db;
  }
  const created = await createTestPostgresDatabase();
  return new DroppedOnDestroy(created.url, created.drop);
}

export interface TestGate {
  db: Kysely<Database>;
  communityId: string;
  gateId: string;
  deviceId: string;
  deviceToken: string;
}

/** A migrated database of the project's kind with one community, one gate and one enrolled device. */
export async function openTestGate(): Promise<TestGate> {
  const db = await openTestDatabase();
  const communityId = uuidv7();
  const gateId = uuidv7();
  await db
    .insertInto('communities')
    .values({ id: communityId, name: '测试小区', roster_version: 1, created_at: new Date().toISOString() })
    .execute();
  await db.insertInto('gates').values({ id: gateId, community_id: communityId, name: '北门', note: null }).execute();
  const { deviceId, token } = await enrollDevice(db, { deviceId: 'gate-test-1', gateId, now: new Date().toISOString() });
  return { db, communityId, gateId, deviceId, deviceToken: token };
}
