import { refillGateDayFigures } from '../server/review/figures.ts';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { EntryRecord } from '../protocol/entry.ts';
import { enrollDevice } from '../server/accounts/devices.ts';
import type { Database } from '../server/db/schema.ts';
import { ensureEntryPartitions } from '../server/retention/entry-partitions.ts';
import { openDataDir } from '../server/setup/data-dir.ts';
import { POSTGRES_BIN } from '../test/support/postgres-cluster.ts';
import type { BenchPostgres } from './bench-postgres.ts';
import { ENTRY_COLUMNS, entryRow, feverEventRow, FigureTally, flagRows } from './entry-rows.ts';
import { CACHE_DIR } from './review-dataset.ts';
import { generateCommunity, generateEntries, uuidv7At, type GeneratedCommunity } from './review-data.ts';
import { seededRandom } from './screening/seeded-random.ts';

/**
 * Bump when the generated district changes: cached databases are keyed by it. Unlike the review
 * data they are not keyed by the migrations too: 20 M entries take an hour to generate, so a
 * cached district is brought up to date by the server's own migrations when opened, as a real
 * server's database is on upgrade.
 */
const DISTRICT_VERSION = 2;
const SEED = 2020;

/**
 * One district: 10 street offices of 20 compounds each, a compound of 300 households (~750
 * people) and 2 gates, 300 couriers who pass every compound's gates, 25 days (the retention a
 * city keeps). Which street each compound belongs to is kept beside the data (`streets`); the
 * organisation tree over it, and the day's watch lists and fever follow-ups, are made by
 * district-situation.ts.
 */
export const DISTRICT_SHAPE = { streets: 10, compoundsPerStreet: 20, households: 300, gates: 2, days: 25, couriers: 300 };

export interface DistrictCompound {
  id: string;
  name: string;
  street: number;
  gateIds: string[];
  /** A few residents, for look-ups. */
  personIds: string[];
}

export interface DistrictDataset {
  entries: number;
  databaseUrl: string;
  endMs: number;
  compounds: DistrictCompound[];
  streets: string[];
  district: string;
  courierIds: string[];
  loadSeconds: number;
  /** Made by copying a generated district of `entries` passages `copies` times over (district-densify.ts). */
  copiesOf?: { entries: number; copies: number };
}

type Meta = Omit<DistrictDataset, 'databaseUrl'>;

/** COPY's text format: tab-separated, `\N` for null, backslash escapes. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** A `COPY … FROM STDIN` through psql, fed row by row with back-pressure (no COPY client among the dependencies). */
function copyInto(url: string, table: string, columns: readonly string[]) {
  const child = spawn(
    join(POSTGRES_BIN, 'psql'),
    ['-q', '-v', 'ON_ERROR_STOP=1', '-c', `COPY ${table} (${columns.join(', ')}) FROM STDIN`, url],
    {
      stdio: ['pipe', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done, fail) =>
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`COPY ${table} failed (${code}): ${stderr.trim()}`)))),
  );
  let buffered: string[] = [];
  const flush = async () => {
    if (buffered.length === 0) return;
    const text = buffered.join('');
    buffered = [];
    if (!child.stdin.write(text)) await new Promise((done) => child.stdin.once('drain', done));
  };
  return {
    row: async (values: readonly unknown[]) => {
      buffered.push(`${values.map(copyField).join('\t')}\n`);
      if (buffered.length >= 2000) await flush();
    },
    end: async () => {
      await flush();
      child.stdin.end();
      await exited;
    },
  };
}

/** Merges the compounds' passages (each oldest first) into one stream oldest first, as a district's gates send them. */
function* mergedByTime(streams: Generator<EntryRecord>[]): Generator<EntryRecord> {
  const heads: { record: EntryRecord; stream: Generator<EntryRecord> }[] = [];
  const less = (a: number, b: number) => heads[a]!.record.id < heads[b]!.record.id;
  const swap = (a: number, b: number) => ([heads[a], heads[b]] = [heads[b]!, heads[a]!]);
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heads.length && less(l, m)) m = l;
      if (r < heads.length && less(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (const stream of streams) {
    const first = stream.next();
    if (!first.done) heads.push({ record: first.value, stream });
  }
  for (let i = Math.floor(heads.length / 2); i >= 0; i--) down(i);
  while (heads.length > 0) {
    const top = heads[0]!;
    yield top.record;
    const next = top.stream.next();
    if (next.done) {
      heads[0] = heads.at(-1)!;
      heads.pop();
    } else top.record = next.value;
    if (heads.length > 0) down(0);
  }
}

async function loadRoster(
  db: Kysely<Database>,
  compounds: { id: string; name: string; data: GeneratedCommunity }[],
  now: string,
) {
  const inChunks = async <T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>) => {
    for (let start = 0; start < rows.length; start += 400) await insert(rows.slice(start, start + 400));
  };
  await db
    .insertInto('communities')
    .values(compounds.map((c) => ({ id: c.id, name: c.name, roster_version: 1, created_at: now })))
    .execute();
  for (const compound of compounds) {
    await db
      .insertInto('gates')
      .values(
        compound.data.gates.map((g, i) => ({
          id: g.id,
          community_id: compound.id,
          name: g.name,
          note: null,
          is_main: i === 0 ? 1 : 0,
        })),
      )
      .execute();
    for (const gate of compound.data.gates) await enrollDevice(db, { deviceId: gate.deviceId, gateId: gate.id, now });
    await inChunks(compound.data.households, (chunk) =>
      db
        .insertInto('households')
        .values(
          chunk.map((h) => ({
            id: h.id,
            community_id: compound.id,
            building: h.building,
            unit: h.unit,
            room: h.room,
            floor: h.floor,
          })),
        )
        .execute(),
    );
    await inChunks(compound.data.persons, (chunk) =>
      db
        .insertInto('persons')
        .values(
          chunk.map((p) => ({
            id: p.id,
            community_id: compound.id,
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
  }
}

/** A cached district, brought up to the current migrations as a server would on start. */
export async function openCachedDistrict(metaFile: string, databaseUrl: string): Promise<DistrictDataset> {
  const { db } = await openDataDir(dirname(metaFile), { databaseUrl });
  await db.destroy();
  return { ...(JSON.parse(readFileSync(metaFile, 'utf8')) as Meta), databaseUrl };
}

export const districtDatabaseName = (entries: number) => `district_v${DISTRICT_VERSION}_${entries}`;
export const districtDataDir = (name: string) => join(CACHE_DIR, name);

/**
 * Drops the non-unique indexes of entries and entry_flags before a bulk load (building them after
 * the rows is several times faster than keeping them up to date); answers how to rebuild them.
 */
export async function dropSecondaryIndexes(db: Kysely<Database>): Promise<string[]> {
  const indexes = (
    await sql<{ indexname: string; indexdef: string }>`
      select indexname, indexdef from pg_indexes where tablename in ('entries', 'entry_flags') and indexdef not like '%UNIQUE%'
    `.execute(db)
  ).rows;
  for (const index of indexes) await sql`drop index ${sql.ref(index.indexname)}`.execute(db);
  // pg_indexes lists a partitioned table's indexes ON ONLY the parent, which would skip the partitions.
  return indexes.map((index) => index.indexdef.replace(' ON ONLY ', ' ON '));
}

/** Builds what dropSecondaryIndexes dropped, with 1 GB of sort memory (one connection, so the setting holds). */
export async function buildSecondaryIndexes(connection: Kysely<Database>, definitions: readonly string[]): Promise<void> {
  await sql`set maintenance_work_mem = '1GB'`.execute(connection);
  for (const definition of definitions) await sql.raw(definition).execute(connection);
}

/**
 * The district's data for `entries` passages on the bench's PostgreSQL, generated once and cached
 * (a database per size plus `meta.json` under bench/.cache). Loaded with COPY into the daily
 * partitions, the secondary indexes built after the rows, then VACUUM ANALYZE.
 */
export async function ensureDistrictDataset(
  entries: number,
  postgres: BenchPostgres,
  log: (line: string) => void,
): Promise<DistrictDataset> {
  const name = districtDatabaseName(entries);
  const dataDir = districtDataDir(name);
  const metaFile = join(dataDir, 'meta.json');
  const databaseUrl = postgres.urlFor(name);
  if (existsSync(metaFile) && !(await postgres.ensureDatabase(name))) return openCachedDistrict(metaFile, databaseUrl);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  await postgres.dropDatabase(name);
  await postgres.ensureDatabase(name);
  log(`generating a district of ${entries.toLocaleString('en')} entries (cached as database ${name})`);
  const started = performance.now();
  const shape = DISTRICT_SHAPE;
  // The coming midnight in Shanghai: 16:00 UTC.
  const endMs = Date.parse(new Date().toISOString().slice(0, 10)) + 16 * 3_600_000;
  const random = seededRandom(SEED).fork(9);
  const streets = Array.from({ length: shape.streets }, (_, s) => `第${s + 1}街道`);
  const compounds = Array.from({ length: shape.streets * shape.compoundsPerStreet }, (_, c) => ({
    id: uuidv7At(1_600_000_000_000 + c, random),
    name: `${streets[Math.floor(c / shape.compoundsPerStreet)]}·${c + 1}号小区`,
    street: Math.floor(c / shape.compoundsPerStreet),
    data: generateCommunity(SEED + c, { households: shape.households, gates: shape.gates, days: shape.days }, `gate-d${c + 1}`),
  }));
  const couriers = Array.from({ length: shape.couriers }, (_, i) => ({
    id: uuidv7At(1_650_000_000_000 + i, random),
    name: `${['顺丰', '京东', '美团', '饿了么', '中通'][i % 5]}${i + 1}号`,
  }));

  const { db } = await openDataDir(dataDir, { databaseUrl });
  // A fresh database: its (empty) partition of everything before today gives way to daily ones.
  await sql`alter table entries detach partition entries_legacy`.execute(db);
  await sql`drop table entries_legacy`.execute(db);
  await ensureEntryPartitions(db, new Date(endMs - (shape.days + 1) * 86_400_000), shape.days + 8);
  await loadRoster(db, compounds, new Date(endMs).toISOString());
  const indexes = await dropSecondaryIndexes(db);
  await db.destroy();
  log(`  roster and partitions in ${Math.round(performance.now() - started)} ms`);

  const perCompound = Math.ceil(entries / compounds.length);
  const streams = compounds.map((c, i) => generateEntries(c.data, perCompound, endMs, SEED + i, { days: shape.days, couriers }));
  const copy = copyInto(databaseUrl, 'entries', ENTRY_COLUMNS);
  const tally = new FigureTally();
  const flags: [string, string][] = [];
  const fevers: NonNullable<ReturnType<typeof feverEventRow>>[] = [];
  const receivedAt = new Date(endMs).toISOString();
  let seen = 0;
  let batch: EntryRecord[] = [];
  for (const record of mergedByTime(streams)) {
    if (seen >= entries) break;
    const row = entryRow(record, receivedAt);
    await copy.row(ENTRY_COLUMNS.map((c) => row[c]));
    for (const flag of flagRows(record)) flags.push([flag.flag, flag.entry_id]);
    const fever = feverEventRow(record, uuidv7());
    if (fever) fevers.push(fever);
    batch.push(record);
    if (batch.length === 10_000) {
      tally.add(batch);
      batch = [];
    }
    seen += 1;
    if (seen % 1_000_000 === 0) log(`  ${seen.toLocaleString('en')} rows, ${Math.round((performance.now() - started) / 1000)} s`);
  }
  tally.add(batch);
  await copy.end();
  log(`  rows in ${Math.round((performance.now() - started) / 1000)} s`);

  const copyFlags = copyInto(databaseUrl, 'entry_flags', ['flag', 'entry_id']);
  for (const flag of flags) await copyFlags.row(flag);
  await copyFlags.end();
  const figureColumns = ['gate_id', 'day', 'hour', 'entries', 'entries_in', 'visitors', 'vehicles', 'fevers', 'denied'] as const;
  const copyFigures = copyInto(databaseUrl, 'daily_figures', figureColumns);
  for (const row of tally.rows()) await copyFigures.row(figureColumns.map((c) => row[c]));
  await copyFigures.end();
  if (fevers.length > 0) {
    const feverColumns = Object.keys(fevers[0]!) as (keyof (typeof fevers)[number])[];
    const copyFevers = copyInto(databaseUrl, 'fever_events', feverColumns);
    for (const row of fevers) await copyFevers.row(feverColumns.map((c) => row[c]));
    await copyFevers.end();
  }

  const { db: after } = await openDataDir(dataDir, { databaseUrl });
  try {
    await after.connection().execute((connection) => buildSecondaryIndexes(connection, indexes));
    await refillGateDayFigures(after);
    log(`  indexes in ${Math.round((performance.now() - started) / 1000)} s`);
    await sql`vacuum analyze`.execute(after);
  } finally {
    await after.destroy();
  }
  const meta: Meta = {
    entries: seen,
    endMs,
    compounds: compounds.map((c) => ({
      id: c.id,
      name: c.name,
      street: c.street,
      gateIds: c.data.gates.map((g) => g.id),
      personIds: c.data.persons.slice(0, 3).map((p) => p.id),
    })),
    streets,
    district: '示范区',
    courierIds: couriers.map((c) => c.id),
    loadSeconds: (performance.now() - started) / 1000,
  };
  writeFileSync(metaFile, `${JSON.stringify(meta)}\n`);
  log(`  loaded in ${Math.round(meta.loadSeconds)} s`);
  return { ...meta, databaseUrl };
}
