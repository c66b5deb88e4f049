import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { SyncBatchResponse } from '../protocol/sync.ts';
import { openDataDir } from '../server/setup/data-dir.ts';
import { seedDemo } from '../server/setup/seed.ts';
import type { BenchPostgres } from './bench-postgres.ts';
import { startServerProcess } from './ingest-throughput.ts';
import { generateCommunity, generateEntries } from './review-data.ts';

/**
 * Entries per second through POST /api/v1/ingest with `processes` server processes on one
 * PostgreSQL (and one data folder, as behind a reverse proxy), `senders` gates posting at once,
 * spread over the processes in turn.
 */
export async function measureIngestProcesses(
  postgres: BenchPostgres,
  processes: number,
  entries: number,
  batchSize: number,
  senders: number,
): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'checkpoint-bench-processes-'));
  const database = `ingest_${uuidv7().replaceAll('-', '')}`;
  const databaseUrl = postgres.urlFor(database);
  await postgres.ensureDatabase(database);
  try {
    const { db, keys } = await openDataDir(dataDir, { databaseUrl });
    const seeded = await seedDemo({ db, keys, dataDir, serverUrl: 'http://127.0.0.1' });
    await db.destroy();
    if (!seeded.created) throw new Error('fresh database already seeded');
    const gate = seeded.gate;
    const community = { ...generateCommunity(7), gates: [{ id: gate.gateId, name: 'gate', deviceId: gate.deviceId }] };
    const records = [...generateEntries(community, entries, Date.now(), 11)];
    const bodies: string[] = [];
    for (let start = 0; start < records.length; start += batchSize)
      bodies.push(JSON.stringify({ batchId: uuidv7(), entries: records.slice(start, start + batchSize) }));
    const servers = await Promise.all(Array.from({ length: processes }, () => startServerProcess(dataDir, databaseUrl)));
    let stored = 0;
    let next = 0;
    try {
      const started = performance.now();
      await Promise.all(
        Array.from({ length: senders }, async (_, sender) => {
          const server = servers[sender % servers.length]!;
          while (next < bodies.length) {
            const body = bodies[next++]!;
            const response = await fetch(`${server.url}/api/v1/ingest`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${gate.deviceToken}` },
              body,
            });
            if (!response.ok) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
            stored += ((await response.json()) as SyncBatchResponse).results.filter((r) => r.status === 'stored').length;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      if (stored !== entries) throw new Error(`ingest stored ${stored} of ${entries}`);
      return entries / seconds;
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await postgres.dropDatabase(database);
  }
}
