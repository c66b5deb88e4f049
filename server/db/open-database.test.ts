import { sql } from 'kysely';
import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKind } from '../../test/support/server-database.ts';
import { isPostgresUrl, openDatabase, openSqliteDatabase } from './open-database.ts';
import type { Database } from './schema.ts';
import type { Kysely } from 'kysely';

let db: Kysely<Database> | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

describe('openDatabase', () => {
  it('picks PostgreSQL only for a postgres:// URL', () => {
    expect(isPostgresUrl('postgres://u@h:5432/db')).toBe(true);
    expect(isPostgresUrl('postgresql://u@h/db')).toBe(true);
    expect(isPostgresUrl(undefined)).toBe(false);
    expect(isPostgresUrl('mysql://u@h/db')).toBe(false);
    const opened = openDatabase({ databaseUrl: undefined, sqliteFile: ':memory:' });
    db = opened.db;
    expect(opened.kind).toBe('sqlite');
  });
});

describe('the SQLite file', () => {
  const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

  it('is created owner-only with its -wal and -shm, and an older 0644 install is narrowed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-modes-'));
    const file = join(dir, 'checkpoint.sqlite');
    db = openSqliteDatabase(file);
    await sql`create table t (x text)`.execute(db);
    await sql`insert into t values ('written through the WAL')`.execute(db);
    expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(['600', '600', '600']);
    await db.destroy();

    const older = join(dir, 'older.sqlite');
    writeFileSync(older, '');
    chmodSync(older, 0o644);
    writeFileSync(`${older}-wal`, '');
    chmodSync(`${older}-wal`, 0o644);
    db = openSqliteDatabase(older);
    expect([mode(older), mode(`${older}-wal`)]).toEqual(['600', '600']);
  });
});

describe('the test harness', () => {
  it('opens the database its vitest project names, migrated', async () => {
    db = await openTestDatabase();
    if (testDatabaseKind() === 'postgres') {
      const { rows } = await sql<{ version: string }>`select version() as version`.execute(db);
      expect(rows[0]?.version).toMatch(/^PostgreSQL/);
    } else {
      const { rows } = await sql<{ version: string }>`select sqlite_version() as version`.execute(db);
      expect(rows[0]?.version).toMatch(/^3\./);
    }
    expect(await db.selectFrom('entries').select('id').execute()).toEqual([]);
  });

  it('gives each call its own database', async () => {
    db = await openTestDatabase();
    const other = await openTestDatabase();
    try {
      await db
        .insertInto('communities')
        .values({ id: 'c1', name: 'A', roster_version: 1, created_at: '2026-11-25T00:00:00.000Z' })
        .execute();
      expect(await other.selectFrom('communities').select('id').execute()).toEqual([]);
    } finally {
      await other.destroy();
    }
  });
});
