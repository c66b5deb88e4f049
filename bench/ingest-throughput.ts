import SQLite from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { EntryRecord } from '../protocol/entry.ts';
import type { SyncBatchResponse } from '../protocol/sync.ts';
import { buildApp } from '../server/app.ts';
import { DATABASE_FILE_NAME, openDataDir } from '../server/data-dir.ts';
import { seedDemo } from '../server/seed.ts';
import type { BenchPostgres } from './bench-postgres.ts';
import { ENTRY_COLUMNS, entryRow, flagRows } from './entry-rows.ts';
import { generateCommunity, generateEntries } from './review-data.ts';
import type { DatabaseKind } from './review-dataset.ts';

export interface IngestFigure {
  kind: DatabaseKind;
  entries: number;
  batchSize: number;
  senders: number;
  httpPerSecond: number;
  rawPerSecond: number;
  ratio: number;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** The raw ceiling: the same rows, batch by batch, each batch one transaction as ingest makes it. */
async function rawInsert(kind: DatabaseKind, target: { file: string } | { url: string }, batches: EntryRecord[][]): Promise<number> {
  const receivedAt = new Date().toISOString();
  if (kind === 'sqlite' && 'file' in target) {
    const sqlite = new SQLite(target.file);
    sqlite.pragma('journal_mode = WAL');
    const insertEntry = sqlite.prepare(`INSERT INTO entries (${ENTRY_COLUMNS.join(', ')}) VALUES (${ENTRY_COLUMNS.map(() => '?').join(', ')})`);
    const insertFlag = sqlite.prepare('INSERT INTO entry_flags (flag, entry_id) VALUES (?, ?)');
    const insertBatch = sqlite.transaction((records: EntryRecord[]) => {
      for (const record of records) {
        const row = entryRow(record, receivedAt);
        insertEntry.run(ENTRY_COLUMNS.map((c) => row[c]));
        for (const flag of flagRows(record)) insertFlag.run(flag.flag, flag.entry_id);
      }
    });
    const started = performance.now();
    for (const batch of batches) insertBatch(batch);
    const seconds = (performance.now() - started) / 1000;
    sqlite.close();
    return seconds;
  }
  if (!('url' in target)) throw new Error('PostgreSQL needs a URL');
  const client = new pg.Client({ connectionString: target.url });
  client.on('error', () => undefined);
  await client.connect();
  const started = performance.now();
  for (const batch of batches) {
    const rows = batch.map((record) => entryRow(record, receivedAt));
    const flags = batch.flatMap(flagRows);
    await client.query('BEGIN');
    await client.query(`INSERT INTO entries (${ENTRY_COLUMNS.join(', ')}) SELECT ${ENTRY_COLUMNS.join(', ')} FROM json_populate_recordset(NULL::entries, $1::json)`, [JSON.stringify(rows)]);
    if (flags.length > 0) await client.query('INSERT INTO entry_flags (flag, entry_id) SELECT flag, entry_id FROM json_populate_recordset(NULL::entry_flags, $1::json)', [JSON.stringify(flags)]);
    await client.query('COMMIT');
  }
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return seconds;
}

/**
 * Entries per second through POST /api/v1/ingest (the server's own app, real HTTP, `senders` gates
 * posting batches at once), and the raw insert rate of rows of the same shape straight into the
 * same database. Both write with the database's normal durability.
 */
export async function measureIngest(kind: DatabaseKind, postgres: BenchPostgres | null, entries: number, batchSize: number, senders: number): Promise<IngestFigure> {
  const dataDir = mkdtempSync(join(tmpdir(), 'checkpoint-bench-ingest-'));
  const database = `ingest_${uuidv7().replaceAll('-', '')}`;
  const databaseUrl = kind === 'postgres' ? postgres!.urlFor(database) : undefined;
  if (kind === 'postgres') await postgres!.ensureDatabase(database);
  try {
    const { db, keys } = await openDataDir(dataDir, { databaseUrl });
    const seeded = await seedDemo({ db, keys, dataDir, serverUrl: 'http://127.0.0.1' });
    if (!seeded.created) throw new Error('fresh database already seeded');
    const gate = seeded.gate;
    // Realistic records (residents, visitors, cars, the odd fever) as this one gate's device.
    const community = { ...generateCommunity(7), gates: [{ id: gate.gateId, name: 'gate', deviceId: gate.deviceId }] };
    const records = [...generateEntries(community, entries * 2, Date.now(), 7)];
    const viaHttp = chunk(records.slice(0, entries), batchSize);
    const raw = chunk(records.slice(entries), batchSize);
    const app = await buildApp({ db, keys, logger: false, consoleDir: dataDir });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    let stored = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: senders }, async () => {
        while (next < viaHttp.length) {
          const batch = viaHttp[next++]!;
          const response = await fetch(`${url}/api/v1/ingest`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${gate.deviceToken}` },
            body: JSON.stringify({ batchId: uuidv7(), entries: batch }),
          });
          const answer = (await response.json()) as SyncBatchResponse;
          stored += answer.results.filter((r) => r.status === 'stored').length;
        }
      }),
    );
    const httpSeconds = (performance.now() - started) / 1000;
    await app.close();
    await db.destroy();
    if (stored !== entries) throw new Error(`ingest stored ${stored} of ${entries}`);
    const rawSeconds = await rawInsert(kind, databaseUrl ? { url: databaseUrl } : { file: join(dataDir, DATABASE_FILE_NAME) }, raw);
    const httpPerSecond = entries / httpSeconds;
    const rawPerSecond = entries / rawSeconds;
    return { kind, entries, batchSize, senders, httpPerSecond, rawPerSecond, ratio: httpPerSecond / rawPerSecond };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    if (kind === 'postgres') await postgres!.dropDatabase(database);
  }
}
