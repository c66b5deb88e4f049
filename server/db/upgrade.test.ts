import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { generateServerKeys } from '../setup/keys.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { testDatabaseTarget } from '../../test/support/server-database.ts';
import { POSTGRES_BIN } from '../../test/support/postgres-cluster.ts';
import { migrateToLatest } from './migrations.ts';
import { openPostgresDatabase, openSqliteDatabase } from './open-database.ts';
import type { Database } from './schema.ts';

const run = promisify(execFile);

/** Made by scripts/make-upgrade-fixture.ts from the release before this one (0.1.0, migrations to 0031). */
const FIXTURE = join(import.meta.dirname, 'fixtures', 'release-0.1.0');
const LAST_MIGRATION_OF_FIXTURE = '0031-entries-gate-person-index';

interface Manifest {
  counts: Record<'sqlite' | 'postgres', Record<string, number>>;
}
const manifest = JSON.parse(readFileSync(join(FIXTURE, 'manifest.json'), 'utf8')) as Manifest;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The fixture loaded into a database of the project's kind, exactly as the old release left it. */
async function openFixture(): Promise<{ db: Kysely<Database>; kind: 'sqlite' | 'postgres' }> {
  const target = testDatabaseTarget();
  if (target.kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cp-upgrade-'));
    copyFileSync(join(FIXTURE, 'checkpoint.sqlite'), join(dir, 'checkpoint.sqlite'));
    const db = openSqliteDatabase(join(dir, 'checkpoint.sqlite'));
    cleanups.push(async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    });
    return { db, kind: 'sqlite' };
  }
  const name = `cp_upgrade_${uuidv7().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: target.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
  const url = new URL(target.adminUrl);
  url.pathname = `/${name}`;
  await run(join(POSTGRES_BIN, 'psql'), [
    '-q',
    '-v',
    'ON_ERROR_STOP=1',
    '-f',
    join(FIXTURE, 'checkpoint-postgres.sql'),
    url.toString(),
  ]);
  const db = openPostgresDatabase(url.toString(), { maxConnections: 2 });
  cleanups.push(async () => {
    await db.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });
  return { db, kind: 'postgres' };
}

async function count(db: Kysely<Database>, table: string): Promise<number> {
  const result = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(result.rows[0]!.n);
}

describe('a database made by the previous release', () => {
  it('migrates to this release with every row kept, and its gate still syncs with the token it was given', async () => {
    const { db, kind } = await openFixture();
    const before = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(before.rows.at(-1)?.name).toBe(LAST_MIGRATION_OF_FIXTURE);

    const migrated = await migrateToLatest(db);
    expect(migrated).toMatchObject({ ok: true });
    if (!migrated.ok) return;
    // Every migration newer than the fixture ran, and only those.
    const ran = new Set(before.rows.map((row) => row.name));
    expect(migrated.applied.filter((name) => ran.has(name))).toEqual([]);

    for (const [table, expected] of Object.entries(manifest.counts[kind]))
      expect({ table, n: await count(db, table) }).toEqual({
        table,
        n: expected,
      });

    const gate = JSON.parse(
      readFileSync(join(FIXTURE, kind === 'sqlite' ? 'demo-gate.json' : 'demo-gate-postgres.json'), 'utf8'),
    ) as {
      deviceId: string;
      gateId: string;
      deviceToken: string;
    };
    const app = await buildApp({ db, keys: generateServerKeys(), logger: false, consoleDir: tmpdir() });
    cleanups.push(() => app.close());
    const record = makeEntryRecord(gate, { occurredAt: new Date().toISOString() });
    const answer = await app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { authorization: `Bearer ${gate.deviceToken}` },
      payload: { batchId: uuidv7(), entries: [record] },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.json<{ results: { status: string }[] }>().results).toEqual([expect.objectContaining({ status: 'stored' })]);
    expect(await count(db, 'entries')).toBe(manifest.counts[kind].entries! + 1);
  });
});
