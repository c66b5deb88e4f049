import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { SyncBatchResponse } from '../protocol/sync.ts';
import { enrollDevice } from '../server/accounts/devices.ts';
import { openDataDir } from '../server/setup/data-dir.ts';
import { seedDemo } from '../server/setup/seed.ts';
import type { BenchPostgres } from './bench-postgres.ts';
import { startServerProcess } from './ingest-throughput.ts';
import { generateCommunity, generateEntries } from './review-data.ts';

export interface IngestProcessesFigure {
  perSecond: number;
  /** CPU time of each server process over the run, in cores (1 = one core fully busy). */
  serverCores: number[];
  /** CPU time of the database's processes over the run, in cores. */
  databaseCores: number;
  /** CPU time of the bench process (the gates sending), in cores. */
  senderCores: number;
  /** How busy the machine's cores were over the run, everyone's work counted (0–1). */
  machineBusy: number;
  cores: number;
}

/** Busy and total jiffies of all cores since boot (/proc/stat). */
function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  // idle and iowait
  return { busy: total - fields[3]! - (fields[4] ?? 0), total };
}

/** User plus system CPU seconds of one process (/proc/PID/stat, in clock ticks of 1/100 s); 0 once it is gone. */
function processSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of each of a set of processes, keyed by id. */
function cpuOf(pids: readonly number[]): Map<number, number> {
  return new Map(pids.map((pid) => [pid, processSeconds(pid)]));
}

/**
 * Entries per second through POST /api/v1/ingest with `processes` server processes on one
 * PostgreSQL (and one data folder, as behind a reverse proxy): `gates` gates, each sending its
 * own batches one after another as a gate's forwarder does, spread over the processes in turn.
 * Each gate has its own device and credential, so its batches add to its own hourly figures, as
 * in a district (one gate's token for all senders made every batch wait for the same figures row).
 */
export async function measureIngestProcesses(
  postgres: BenchPostgres,
  processes: number,
  entries: number,
  batchSize: number,
  gates: number,
): Promise<IngestProcessesFigure> {
  const dataDir = mkdtempSync(join(tmpdir(), 'checkpoint-bench-processes-'));
  const database = `ingest_${uuidv7().replaceAll('-', '')}`;
  const databaseUrl = postgres.urlFor(database);
  await postgres.ensureDatabase(database);
  try {
    const { db, keys } = await openDataDir(dataDir, { databaseUrl });
    const seeded = await seedDemo({ db, keys, dataDir, serverUrl: 'http://127.0.0.1' });
    if (!seeded.created) throw new Error('fresh database already seeded');
    const now = new Date().toISOString();
    const senders = [{ gateId: seeded.gate.gateId, deviceId: seeded.gate.deviceId, token: seeded.gate.deviceToken }];
    for (let g = 1; g < gates; g++) {
      const gateId = uuidv7();
      await db
        .insertInto('gates')
        .values({ id: gateId, community_id: seeded.communityId, name: `${g + 1}号门`, note: null })
        .execute();
      const device = await enrollDevice(db, { deviceId: `gate-bench-${g + 1}`, gateId, now });
      senders.push({ gateId, deviceId: device.deviceId, token: device.token });
    }
    await db.destroy();
    const generated = generateCommunity(7);
    const outboxes = senders.map((sender, g) => {
      const community = { ...generated, gates: [{ id: sender.gateId, name: 'gate', deviceId: sender.deviceId }] };
      const records = [...generateEntries(community, Math.ceil(entries / gates), Date.now(), 11 + g)];
      const bodies: string[] = [];
      for (let start = 0; start < records.length; start += batchSize)
        bodies.push(JSON.stringify({ batchId: uuidv7(), entries: records.slice(start, start + batchSize) }));
      return { ...sender, bodies, records: records.length };
    });
    const total = outboxes.reduce((sum, outbox) => sum + outbox.records, 0);
    const servers = await Promise.all(Array.from({ length: processes }, () => startServerProcess(dataDir, databaseUrl)));
    let stored = 0;
    try {
      const ticks = machineTicks();
      const cpu = servers.map((server) => processSeconds(server.pid));
      // The servers' pool connections are open by now (health checks), so their backends are counted.
      const database = cpuOf(postgres.processIds());
      const sender = process.cpuUsage();
      const started = performance.now();
      await Promise.all(
        outboxes.map(async (outbox, g) => {
          const server = servers[g % servers.length]!;
          for (const body of outbox.bodies) {
            const response = await fetch(`${server.url}/api/v1/ingest`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${outbox.token}` },
              body,
            });
            if (!response.ok) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
            stored += ((await response.json()) as SyncBatchResponse).results.filter((r) => r.status === 'stored').length;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const after = machineTicks();
      const senderUsage = process.cpuUsage(sender);
      let databaseSeconds = 0;
      for (const [pid, before] of cpuOf(postgres.processIds())) databaseSeconds += before - (database.get(pid) ?? 0);
      if (stored !== total) throw new Error(`ingest stored ${stored} of ${total}`);
      return {
        perSecond: total / seconds,
        serverCores: servers.map((server, i) => (processSeconds(server.pid) - cpu[i]!) / seconds),
        databaseCores: databaseSeconds / seconds,
        senderCores: (senderUsage.user + senderUsage.system) / 1e6 / seconds,
        machineBusy: (after.busy - ticks.busy) / (after.total - ticks.total),
        cores: readFileSync('/proc/stat', 'utf8')
          .split('\n')
          .filter((line) => /^cpu\d/.test(line)).length,
      };
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await postgres.dropDatabase(database);
  }
}
