import SQLite from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { EntryRecord } from '../protocol/entry.ts';
import type { SyncBatchResponse } from '../protocol/sync.ts';
import { DATABASE_FILE_NAME, openDataDir } from '../server/setup/data-dir.ts';
import { seedDemo } from '../server/setup/seed.ts';
import type { BenchPostgres } from './bench-postgres.ts';
import { ENTRY_COLUMNS, entryRow, flagRows } from './entry-rows.ts';
import { stopChild, waitUntilUp } from '../test/support/parts.ts';
import { freePort, ROOT } from '../test/support/system.ts';
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
async function rawInsert(
  kind: DatabaseKind,
  target: { file: string } | { url: string },
  batches: EntryRecord[][],
): Promise<number> {
  const receivedAt = new Date().toISOString();
  if (kind === 'sqlite' && 'file' in target) {
    const sqlite = new SQLite(target.file);
    sqlite.pragma('journal_mode = WAL');
    const insertEntry = sqlite.prepare(
      `INSERT INTO entries (${ENTRY_COLUMNS.join(', ')}) VALUES (${ENTRY_COLUMNS.map(() => '?').join(', ')})`,
    );
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
    await client.query(
      `INSERT INTO entries (${ENTRY_COLUMNS.join(', ')}) SELECT ${ENTRY_COLUMNS.join(', ')} FROM json_populate_recordset(NULL::entries, $1::json)`,
      [JSON.stringify(rows)],
    );
    if (flags.length > 0)
      await client.query(
        'INSERT INTO entry_flags (flag, entry_id) SELECT flag, entry_id FROM json_populate_recordset(NULL::entry_flags, $1::json)',
        [JSON.stringify(flags)],
      );
    await client.query('COMMIT');
  }
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return seconds;
}

/** The community server as deployed: its own process (`server/main.ts`), so the senders' work is not the server's. */
export async function startServerProcess(
  dataDir: string,
  databaseUrl: string | undefined,
): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  await waitUntilUp(`${url}/api/v1/health`, child, 'the server', () => output);
  return { url, pid: child.pid!, stop: () => stopChild(child) };
}

/**
 * Entries per second through POST /api/v1/ingest of the server running as its own process (real
 * HTTP, `senders` gates posting batches at once, their bodies serialised beforehand as a gate's
 * outbox holds them), and the raw insert rate of rows of the same shape straight into the same
 * database. Both write with the database's normal durability.
 */
export async function measureIngest(
  kind: DatabaseKind,
  postgres: BenchPostgres | null,
  entries: number,
  batchSize: number,
  senders: number,
): Promise<IngestFigure> {
  const dataDir = mkdtempSync(join(tmpdir(), 'checkpoint-bench-ingest-'));
  const database = `ingest_${uuidv7().replaceAll('-', '')}`;
  const databaseUrl = kind === 'postgres' ? postgres!.urlFor(database) : undefined;
  if (kind === 'postgres') await postgres!.ensureDatabase(database);
  try {
    const { db, keys } = await openDataDir(dataDir, { databaseUrl });
    const seeded = await seedDemo({ db, keys, dataDir, serverUrl: 'http://127.0.0.1' });
    await db.destroy();
    if (!seeded.created) throw new Error('fresh database already seeded');
    const gate = seeded.gate;
    // Realistic records (residents, visitors, cars, the odd fever) as this one gate's device.
    const community = { ...generateCommunity(7), gates: [{ id: gate.gateId, name: 'gate', deviceId: gate.deviceId }] };
    const records = [...generateEntries(community, entries * 2, Date.now(), 7)];
    const bodies = chunk(records.slice(0, entries), batchSize).map((batch) =>
      JSON.stringify({ batchId: uuidv7(), entries: batch }),
    );
    const raw = chunk(records.slice(entries), batchSize);
    const server = await startServerProcess(dataDir, databaseUrl);
    let stored = 0;
    let next = 0;
    let httpSeconds: number;
    try {
      const started = performance.now();
      await Promise.all(
        Array.from({ length: senders }, async () => {
          while (next < bodies.length) {
            const body = bodies[next++]!;
            const response = await fetch(`${server.url}/api/v1/ingest`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${gate.deviceToken}` },
              body,
            });
            if (!response.ok) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
            const answer = (await response.json()) as SyncBatchResponse;
            stored += answer.results.filter((r) => r.status === 'stored').length;
          }
        }),
      );
      httpSeconds = (performance.now() - started) / 1000;
    } finally {
      await server.stop();
    }
    if (stored !== entries) throw new Error(`ingest stored ${stored} of ${entries}`);
    const rawSeconds = await rawInsert(
      kind,
      databaseUrl ? { url: databaseUrl } : { file: join(dataDir, DATABASE_FILE_NAME) },
      raw,
    );
    const httpPerSecond = entries / httpSeconds;
    const rawPerSecond = entries / rawSeconds;
    return { kind, entries, batchSize, senders, httpPerSecond, rawPerSecond, ratio: httpPerSecond / rawPerSecond };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    if (kind === 'postgres') await postgres!.dropDatabase(database);
  }
}
