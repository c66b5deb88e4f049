/**
 * Makes the "previous release" databases the upgrade test migrates (server/db/upgrade.test.ts):
 * the demo community seeded and a day of passages ingested through the real route, by the code as
 * it stands, once on SQLite and once on PostgreSQL (a plain pg_dump). Run it at each release, into
 * a new folder named for the release that is being left:
 *
 *   npx tsx scripts/make-upgrade-fixture.ts server/db/fixtures/release-0.1.0
 *
 * and point the upgrade test at the new folder. Old folders may go once no site runs that release.
 */
import SQLite from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { sql, type Kysely } from 'kysely';
import type { EntryRecord } from '../protocol/entry.ts';
import { buildApp } from '../server/app.ts';
import { openDataDir } from '../server/setup/data-dir.ts';
import type { Database } from '../server/db/schema.ts';
import { KEYS_FILE_NAME } from '../server/setup/keys.ts';
import { seedDemo } from '../server/setup/seed.ts';
import { POSTGRES_BIN, startPostgresCluster } from '../test/support/postgres-cluster.ts';
import { makeEntryRecord } from '../test/support/entry-record.ts';

const out = resolve(process.argv[2] ?? 'server/db/fixtures/release-0.1.0');
const NOW = new Date('2026-12-01T02:00:00.000Z');
const PASSAGES = 40;

/** Tables whose row counts the upgrade test expects back after migrating. */
const COUNTED = [
  'communities',
  'households',
  'persons',
  'gates',
  'devices',
  'entries',
  'users',
  'vehicles',
  'watch_entries',
  'visitor_passes',
  'fever_events',
  'daily_figures',
  'entry_flags',
] as const;

function passages(device: { deviceId: string; gateId: string }): EntryRecord[] {
  return Array.from({ length: PASSAGES }, (_, i) => {
    const at = new Date(NOW.getTime() - (PASSAGES - i) * 60_000).toISOString();
    const fever = i % 10 === 3;
    return makeEntryRecord(device, {
      id: uuidv7({ msecs: Date.parse(at) }),
      occurredAt: at,
      direction: i % 2 === 0 ? 'in' : 'out',
      readings: [{ valueC: fever ? 38.1 : 36.4, source: 'infrared', at, ambientC: 6 }],
      flags: fever ? ['fever'] : [],
      decision: fever ? 'referred' : 'admitted',
      reason: fever ? 'fever' : null,
    });
  });
}

async function fill(dataDir: string, databaseUrl: string | undefined): Promise<Record<string, number>> {
  const { db, keys } = await openDataDir(dataDir, { databaseUrl });
  const seeded = await seedDemo({ db, keys, dataDir, serverUrl: 'http://127.0.0.1:8080', now: NOW });
  if (!seeded.created) throw new Error('the fixture folder was not empty');
  const app = await buildApp({ db, keys, logger: false, consoleDir: dataDir, now: () => NOW });
  const answer = await app.inject({
    method: 'POST',
    url: '/api/v1/ingest',
    headers: { authorization: `Bearer ${seeded.gate.deviceToken}` },
    payload: { batchId: uuidv7(), entries: passages(seeded.gate) },
  });
  if (answer.statusCode !== 200) throw new Error(`ingest answered ${answer.statusCode}: ${answer.body}`);
  await app.close();
  const counts = await countRows(db);
  await db.destroy();
  return counts;
}

async function countRows(db: Kysely<Database>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED) {
    const row = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts[table] = Number(row.rows[0]!.n);
  }
  return counts;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const sqliteDir = mkdtempSync(join(tmpdir(), 'cp-fixture-sqlite-'));
const sqliteCounts = await fill(sqliteDir, undefined);
// One self-contained file (no -wal beside it), as an operator's copy of the database would be.
const source = new SQLite(join(sqliteDir, 'checkpoint.sqlite'));
source.prepare('VACUUM INTO ?').run(join(out, 'checkpoint.sqlite'));
source.close();
copyFileSync(join(sqliteDir, KEYS_FILE_NAME), join(out, KEYS_FILE_NAME));
// The demo gate's token, so the test can show a device enrolled by the old release still syncs.
copyFileSync(join(sqliteDir, 'demo-gate.json'), join(out, 'demo-gate.json'));
rmSync(sqliteDir, { recursive: true, force: true });

const cluster = await startPostgresCluster();
let postgresCounts: Record<string, number>;
try {
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE cp_fixture');
  await admin.end();
  const pgDir = mkdtempSync(join(tmpdir(), 'cp-fixture-pg-'));
  postgresCounts = await fill(pgDir, cluster.urlFor('cp_fixture'));
  copyFileSync(join(pgDir, 'demo-gate.json'), join(out, 'demo-gate-postgres.json'));
  copyFileSync(join(pgDir, KEYS_FILE_NAME), join(out, 'server-keys-postgres.json'));
  rmSync(pgDir, { recursive: true, force: true });
  const dump = execFileSync(join(POSTGRES_BIN, 'pg_dump'), ['--no-owner', '--no-privileges', cluster.urlFor('cp_fixture')], {
    maxBuffer: 64 * 1024 * 1024,
  });
  writeFileSync(join(out, 'checkpoint-postgres.sql'), dump);
} finally {
  await cluster.stop();
}

writeFileSync(
  join(out, 'manifest.json'),
  `${JSON.stringify({ madeAt: NOW.toISOString(), counts: { sqlite: sqliteCounts, postgres: postgresCounts } }, null, 2)}\n`,
);
console.log(`upgrade fixture written to ${out}`);
