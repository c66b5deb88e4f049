import SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { EntryRecord } from '../protocol/entry.ts';
import { DATABASE_FILE_NAME, openDataDir } from '../server/setup/data-dir.ts';
import type { Database } from '../server/db/schema.ts';
import { enrollDevice } from '../server/accounts/devices.ts';
import { seedDemo, type DemoAccount } from '../server/setup/seed.ts';
import type { BenchPostgres } from './bench-postgres.ts';
import { ENTRY_COLUMNS, entryRow, feverEventRow, FigureTally, flagRows } from './entry-rows.ts';
import { generateCommunity, generateEntries, GENERATOR_VERSION, type GeneratedCommunity } from './review-data.ts';

export const CACHE_DIR = resolve(import.meta.dirname, '.cache');
/**
 * Cached data loaded under older migrations no longer matches the schema (and a later migration
 * may trip over it), so the cache key also names the migration files.
 */
export const SCHEMA_KEY = createHash('sha256')
  .update(
    readdirSync(resolve(import.meta.dirname, '../server/db/migrations'))
      .sort()
      .join('\n'),
  )
  .digest('hex')
  .slice(0, 8);
const SEED = 2026;

export type DatabaseKind = 'sqlite' | 'postgres';

export interface ReviewDataset {
  kind: DatabaseKind;
  entries: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** The generated data ends here; the server under test runs with this as its clock. */
  endMs: number;
  staff: { username: string; password: string };
  gateIds: string[];
  /** Residents who pass often and ones who pass rarely. */
  personIds: string[];
  entryIds: string[];
  feverEntryIds: string[];
  loadSeconds: number;
}

type Meta = Omit<ReviewDataset, 'kind' | 'dataDir' | 'databaseUrl'>;

/** Chunks stay under SQLite's bound-parameter limit. */
async function inChunks<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += 400) await insert(rows.slice(start, start + 400));
}

async function loadRoster(db: Kysely<Database>, communityId: string, community: GeneratedCommunity, now: string): Promise<void> {
  await inChunks(community.gates, (chunk) =>
    db
      .insertInto('gates')
      .values(chunk.map((g) => ({ id: g.id, community_id: communityId, name: g.name, note: null })))
      .execute(),
  );
  for (const gate of community.gates) await enrollDevice(db, { deviceId: gate.deviceId, gateId: gate.id, now });
  await inChunks(community.households, (chunk) =>
    db
      .insertInto('households')
      .values(
        chunk.map((h) => ({
          id: h.id,
          community_id: communityId,
          building: h.building,
          unit: h.unit,
          room: h.room,
          floor: h.floor,
        })),
      )
      .execute(),
  );
  await inChunks(community.persons, (chunk) =>
    db
      .insertInto('persons')
      .values(
        chunk.map((p) => ({
          id: p.id,
          community_id: communityId,
          household_id: p.householdId,
          name: p.name,
          category: p.category,
          phone: p.phone,
          id_hash: null,
          id_masked: null,
        })),
      )
      .execute(),
  );
  await inChunks(
    community.households.flatMap((h) =>
      h.plate ? [{ id: uuidv7(), community_id: communityId, household_id: h.id, plate: h.plate }] : [],
    ),
    (chunk) => db.insertInto('vehicles').values(chunk).execute(),
  );
}

interface EntrySink {
  entries: (rows: readonly EntryRecord[], receivedAt: string) => Promise<void>;
  finish: (tally: FigureTally, feverRows: NonNullable<ReturnType<typeof feverEventRow>>[]) => Promise<void>;
}

/** SQLite: one transaction of prepared statements, with the entry indexes built after the rows. */
function sqliteSink(file: string): EntrySink {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = DELETE');
  sqlite.pragma('synchronous = OFF');
  const indexes = sqlite
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('entries', 'entry_flags') AND sql IS NOT NULL",
    )
    .all() as { name: string; sql: string }[];
  for (const index of indexes) sqlite.exec(`DROP INDEX ${index.name}`);
  const insertEntry = sqlite.prepare(
    `INSERT INTO entries (${ENTRY_COLUMNS.join(', ')}) VALUES (${ENTRY_COLUMNS.map(() => '?').join(', ')})`,
  );
  const insertFlag = sqlite.prepare('INSERT INTO entry_flags (flag, entry_id) VALUES (?, ?)');
  sqlite.exec('BEGIN');
  return {
    entries: async (records, receivedAt) => {
      for (const record of records) {
        const row = entryRow(record, receivedAt);
        insertEntry.run(ENTRY_COLUMNS.map((c) => row[c]));
        for (const flag of flagRows(record)) insertFlag.run(flag.flag, flag.entry_id);
      }
    },
    finish: async (tally, feverRows) => {
      const figure = sqlite.prepare(
        'INSERT INTO daily_figures (gate_id, day, hour, entries, visitors, vehicles, fevers, denied) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const r of tally.rows()) figure.run(r.gate_id, r.day, r.hour, r.entries, r.visitors, r.vehicles, r.fevers, r.denied);
      const fever = sqlite.prepare(
        'INSERT INTO fever_events (id, entry_id, gate_id, occurred_at, category, person_id, subject_name, id_masked, reading_c, reading_source, status, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const r of feverRows)
        fever.run(
          r.id,
          r.entry_id,
          r.gate_id,
          r.occurred_at,
          r.category,
          r.person_id,
          r.subject_name,
          r.id_masked,
          r.reading_c,
          r.reading_source,
          r.status,
          r.closed_at,
        );
      sqlite.exec('COMMIT');
      for (const index of indexes) sqlite.exec(index.sql);
      sqlite.exec('ANALYZE');
      sqlite.pragma('journal_mode = WAL');
      sqlite.close();
    },
  };
}

/** PostgreSQL: rows in JSON chunks, committed every 100,000, indexes built after. */
async function postgresSink(url: string): Promise<EntrySink> {
  const client = new pg.Client({ connectionString: url });
  // A dropped connection also rejects the query in flight, which ends the section; without a
  // listener the client's 'error' event would end the whole bench.
  client.on('error', () => undefined);
  await client.connect();
  await client.query('SET synchronous_commit = off');
  const indexes = (
    await client.query<{ indexname: string; indexdef: string }>(
      "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('entries', 'entry_flags') AND indexdef NOT LIKE '%UNIQUE%'",
    )
  ).rows;
  for (const index of indexes) await client.query(`DROP INDEX ${index.indexname}`);
  // One JSON parameter per 2,000 rows: PostgreSQL unpacks it server-side, far cheaper than binding
  // thousands of separate parameters (no COPY client in the dependencies).
  const insertRows = async (table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]) => {
    for (let start = 0; start < rows.length; start += 2000) {
      const chunk = rows.slice(start, start + 2000).map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
      await client.query(
        `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM json_populate_recordset(NULL::${table}, $1::json)`,
        [JSON.stringify(chunk)],
      );
    }
  };
  let sinceCommit = 0;
  await client.query('BEGIN');
  return {
    entries: async (records, receivedAt) => {
      await insertRows(
        'entries',
        ENTRY_COLUMNS,
        records.map((record) => {
          const row = entryRow(record, receivedAt);
          return ENTRY_COLUMNS.map((c) => row[c]);
        }),
      );
      const flags = records.flatMap(flagRows);
      if (flags.length > 0)
        await insertRows(
          'entry_flags',
          ['flag', 'entry_id'],
          flags.map((f) => [f.flag, f.entry_id]),
        );
      sinceCommit += records.length;
      if (sinceCommit >= 100_000) {
        await client.query('COMMIT');
        await client.query('BEGIN');
        sinceCommit = 0;
      }
    },
    finish: async (tally, feverRows) => {
      await insertRows(
        'daily_figures',
        ['gate_id', 'day', 'hour', 'entries', 'visitors', 'vehicles', 'fevers', 'denied'],
        tally.rows().map((r) => [r.gate_id, r.day, r.hour, r.entries, r.visitors, r.vehicles, r.fevers, r.denied]),
      );
      await insertRows(
        'fever_events',
        [
          'id',
          'entry_id',
          'gate_id',
          'occurred_at',
          'category',
          'person_id',
          'subject_name',
          'id_masked',
          'reading_c',
          'reading_source',
          'status',
          'closed_at',
        ],
        feverRows.map((r) => [
          r.id,
          r.entry_id,
          r.gate_id,
          r.occurred_at,
          r.category,
          r.person_id,
          r.subject_name,
          r.id_masked,
          r.reading_c,
          r.reading_source,
          r.status,
          r.closed_at,
        ]),
      );
      await client.query('COMMIT');
      // Index builds sort in memory instead of spilling 10 M keys to disk in 64 MB runs.
      await client.query("SET maintenance_work_mem = '1GB'");
      // A partitioned table lists its indexes ON ONLY the parent; built that way they would skip the partitions.
      for (const index of indexes) await client.query(index.indexdef.replace(' ON ONLY ', ' ON '));
      // VACUUM as autovacuum would on a live server: it marks the pages all-visible, without which
      // PostgreSQL cannot answer from an index alone and every index scan also reads the table.
      await client.query('VACUUM ANALYZE');
      await client.end();
    },
  };
}

/**
 * The review data for `entries` passages on one database, generated once and cached under
 * bench/.cache keyed by generator version, migrations and size (SQLite: the data folder; PostgreSQL: a
 * database in the bench's persistent cluster, plus a folder for the server keys and accounts).
 */
export async function ensureReviewDataset(
  kind: DatabaseKind,
  entries: number,
  postgres: BenchPostgres | null,
  log: (line: string) => void,
): Promise<ReviewDataset> {
  const name = `review_v${GENERATOR_VERSION}_${SCHEMA_KEY}_${entries}`;
  const dataDir = join(CACHE_DIR, `${name}_${kind}`);
  const metaFile = join(dataDir, 'meta.json');
  const databaseUrl = kind === 'postgres' ? postgres!.urlFor(name) : undefined;
  if (existsSync(metaFile) && (kind === 'sqlite' || !(await postgres!.ensureDatabase(name)))) {
    return { ...(JSON.parse(readFileSync(metaFile, 'utf8')) as Meta), kind, dataDir, databaseUrl };
  }
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  if (kind === 'postgres') {
    await postgres!.dropDatabase(name);
    await postgres!.ensureDatabase(name);
  }
  log(`generating ${entries.toLocaleString('en')} entries on ${kind} (cached in ${dataDir})`);
  const started = performance.now();
  // The coming midnight in Shanghai: 16:00 UTC.
  const endMs = Date.parse(new Date().toISOString().slice(0, 10)) + 16 * 3_600_000;
  const { db, keys } = await openDataDir(dataDir, { databaseUrl });
  const seeded = await seedDemo({ db, keys, dataDir, serverUrl: 'http://127.0.0.1' });
  if (!seeded.created) throw new Error('the cached data folder was not empty');
  log(`  seeded in ${Math.round(performance.now() - started)} ms`);
  const community = generateCommunity(SEED);
  await loadRoster(db, seeded.communityId, community, new Date(endMs).toISOString());
  await db.destroy();
  const staff = seeded.accounts.find((a: DemoAccount) => a.role === 'community');
  if (!staff) throw new Error('the demo seed has no community account');

  log(`  roster in ${Math.round(performance.now() - started)} ms`);
  const sink = kind === 'sqlite' ? sqliteSink(join(dataDir, DATABASE_FILE_NAME)) : await postgresSink(databaseUrl!);
  const tally = new FigureTally();
  const feverRows: NonNullable<ReturnType<typeof feverEventRow>>[] = [];
  const entryIds: string[] = [];
  const feverEntryIds: string[] = [];
  const every = Math.max(1, Math.floor(entries / 200));
  let batch: EntryRecord[] = [];
  let seen = 0;
  const flush = async () => {
    tally.add(batch);
    await sink.entries(batch, new Date(endMs).toISOString());
    batch = [];
  };
  for (const record of generateEntries(community, entries, endMs, SEED)) {
    if (seen % every === 0) entryIds.push(record.id);
    const fever = feverEventRow(record, uuidv7());
    if (fever) {
      feverRows.push(fever);
      feverEntryIds.push(record.id);
    }
    batch.push(record);
    seen += 1;
    if (batch.length === 10_000) await flush();
    if (seen % 1_000_000 === 0) log(`  ${seen.toLocaleString('en')} rows, ${Math.round((performance.now() - started) / 1000)} s`);
  }
  await flush();
  log(`  rows in ${Math.round(performance.now() - started)} ms`);
  await sink.finish(tally, feverRows);
  const meta: Meta = {
    entries,
    endMs,
    staff: { username: staff.username, password: staff.password },
    gateIds: community.gates.map((g) => g.id),
    personIds: [...community.persons.slice(0, 10), ...community.persons.slice(-10)].map((p) => p.id),
    entryIds,
    feverEntryIds,
    loadSeconds: (performance.now() - started) / 1000,
  };
  writeFileSync(metaFile, `${JSON.stringify(meta)}\n`);
  log(`  loaded in ${Math.round(meta.loadSeconds)} s`);
  return { ...meta, kind, dataDir, databaseUrl };
}
