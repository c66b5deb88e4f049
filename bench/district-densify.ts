import { refillGateDayFigures } from '../server/review/figures.ts';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDataDir } from '../server/setup/data-dir.ts';
import type { BenchPostgres } from './bench-postgres.ts';
import {
  buildSecondaryIndexes,
  dropSecondaryIndexes,
  districtDataDir,
  districtDatabaseName,
  ensureDistrictDataset,
  openCachedDistrict,
  type DistrictDataset,
} from './district-dataset.ts';

/**
 * A district of `target` entries made from the generated one by copies inside PostgreSQL: every
 * passage of the base repeated `target / base` times, each copy 1, 2, 3 … seconds after it (before
 * it near the end of an hour), with an id of its own (a UUIDv7 of the copy's instant), its flags
 * and its fever event. The same compounds, gates, people and days, passing that many times more
 * often. Copying in SQL costs a fraction of generating and COPYing each record from Node, which
 * on two shared cores would take hours for 20 M. Each copy stays in its hour, so the hourly
 * figures are the base's times the copies, exactly.
 *
 * Copies are made one round (one base's worth) at a time until `deadline`: the dataset holds what
 * fitted, and says so (`entries`, `copies`).
 */
export async function densifyDistrict(
  base: DistrictDataset,
  target: number,
  postgres: BenchPostgres,
  log: (line: string) => void,
  deadline: number,
): Promise<DistrictDataset> {
  const name = districtDatabaseName(target);
  const dataDir = districtDataDir(name);
  const metaFile = join(dataDir, 'meta.json');
  const databaseUrl = postgres.urlFor(name);
  if (existsSync(metaFile) && !(await postgres.ensureDatabase(name))) return openCachedDistrict(metaFile, databaseUrl);
  const copies = Math.round(target / base.entries);
  if (copies < 2) throw new Error(`${target} entries is not a multiple of the generated ${base.entries}`);
  const started = performance.now();
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(join(districtDataDir(districtDatabaseName(base.entries)), 'server-keys.json'), join(dataDir, 'server-keys.json'));
  await postgres.dropDatabase(name);
  await postgres.copyDatabase(districtDatabaseName(base.entries), name);
  log(
    `densifying the ${base.entries.toLocaleString('en')}-entry district ×${copies} (database ${name}), until ${new Date(deadline).toISOString()}`,
  );

  const { db } = await openDataDir(dataDir, { databaseUrl });
  let made = 1;
  try {
    await db.connection().execute(async (connection) => {
      const indexes = await dropSecondaryIndexes(connection);
      // The base's rows, and which way each copy moves so that it stays in its hour.
      await sql`
        create unlogged table district_base as
        select e.*, case when mod((extract(epoch from e.occurred_at::timestamptz) * 1000)::bigint, 3600000) >= ${3_600_000 - copies * 1000}
                         then -1000 else 1000 end as step_ms
        from entries e`.execute(connection);
      await sql`create unique index on district_base (id)`.execute(connection);
      await sql`create unlogged table district_base_flags as select * from entry_flags`.execute(connection);
      await sql`create unlogged table district_base_fevers as select * from fever_events`.execute(connection);
      // A copy's id: the UUIDv7 of its own instant, the base id's random bits, the copy's number last.
      await sql`
        create function pg_temp.copy_id(id text, shift_ms bigint, copy int) returns text language sql immutable as $$
          select substr(h, 1, 8) || '-' || substr(h, 9, 4) || substr(id, 14, 21) || lpad(to_hex(copy), 2, '0')
          from (select lpad(to_hex(('x' || substr(id, 1, 8) || substr(id, 10, 4))::bit(48)::bigint + shift_ms), 12, '0') as h) t
        $$`.execute(connection);
      await sql`
        create function pg_temp.copy_instant(at text, shift_ms bigint) returns text language sql immutable as $$
          select to_char((at::timestamptz + shift_ms * interval '1 millisecond') at time zone 'Asia/Shanghai',
                         'YYYY-MM-DD"T"HH24:MI:SS.MS') || '+08:00'
        $$`.execute(connection);
      for (let copy = 1; copy < copies; copy++) {
        if (Date.now() > deadline) {
          log(`  deadline reached after ${made} of ${copies} copies`);
          break;
        }
        await sql`begin`.execute(connection);
        await sql`
          insert into entries (id, device_id, gate_id, occurred_at, received_at, direction, category, person_id,
                               subject_name, id_masked, highest_temp_c, highest_temp_source, decision, flags, record)
          select n.id, b.device_id, b.gate_id, n.occurred_at, b.received_at, b.direction, b.category, b.person_id,
                 b.subject_name, b.id_masked, b.highest_temp_c, b.highest_temp_source, b.decision, b.flags,
                 replace(replace(b.record, b.id, n.id), b.occurred_at, n.occurred_at)
          from district_base b,
               lateral (select pg_temp.copy_id(b.id, b.step_ms * ${copy}, ${copy}) as id,
                               pg_temp.copy_instant(b.occurred_at, b.step_ms * ${copy}) as occurred_at) n`.execute(connection);
        await sql`
          insert into entry_flags (flag, entry_id)
          select f.flag, pg_temp.copy_id(b.id, b.step_ms * ${copy}, ${copy})
          from district_base_flags f join district_base b on b.id = f.entry_id`.execute(connection);
        await sql`
          insert into fever_events (id, entry_id, gate_id, occurred_at, category, person_id, subject_name, id_masked,
                                    reading_c, reading_source, readings, abandon_reason, status, closed_at)
          select pg_temp.copy_id(f.id, ${copy * 1000}, ${copy}), pg_temp.copy_id(b.id, b.step_ms * ${copy}, ${copy}),
                 f.gate_id, pg_temp.copy_instant(f.occurred_at, b.step_ms * ${copy}), f.category, f.person_id,
                 f.subject_name, f.id_masked, f.reading_c, f.reading_source, f.readings, f.abandon_reason, f.status, f.closed_at
          from district_base_fevers f join district_base b on b.id = f.entry_id`.execute(connection);
        await sql`commit`.execute(connection);
        made += 1;
        log(
          `  copy ${made} of ${copies}: ${(made * base.entries).toLocaleString('en')} entries, ${Math.round((performance.now() - started) / 1000)} s`,
        );
      }
      await sql`
        update daily_figures set entries = entries * ${made}, entries_in = entries_in * ${made}, visitors = visitors * ${made},
               vehicles = vehicles * ${made}, fevers = fevers * ${made}, denied = denied * ${made}`.execute(connection);
      await refillGateDayFigures(connection);
      await sql`drop table district_base, district_base_flags, district_base_fevers`.execute(connection);
      await buildSecondaryIndexes(connection, indexes);
      log(`  indexes in ${Math.round((performance.now() - started) / 1000)} s`);
    });
    await sql`vacuum analyze`.execute(db);
  } finally {
    await db.destroy();
  }
  const dataset: Omit<DistrictDataset, 'databaseUrl'> = {
    ...base,
    entries: base.entries * made,
    loadSeconds: (performance.now() - started) / 1000,
    copiesOf: { entries: base.entries, copies: made },
  };
  writeFileSync(metaFile, `${JSON.stringify(dataset)}\n`);
  log(`  densified in ${Math.round(dataset.loadSeconds)} s`);
  return { ...dataset, databaseUrl };
}

/** Generated record by record up to this many entries; larger districts are copies of it. */
export const GENERATED_DISTRICT_ENTRIES = 1_000_000;

/** The cached district of `entries` passages: generated, or copied from the generated one when larger. */
export async function ensureDistrict(
  entries: number,
  postgres: BenchPostgres,
  log: (line: string) => void,
  deadline = Number.POSITIVE_INFINITY,
): Promise<DistrictDataset> {
  if (entries <= GENERATED_DISTRICT_ENTRIES) return ensureDistrictDataset(entries, postgres, log);
  const base = await ensureDistrictDataset(GENERATED_DISTRICT_ENTRIES, postgres, log);
  return densifyDistrict(base, entries, postgres, log, deadline);
}
