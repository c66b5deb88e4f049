import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordResult } from '../../protocol/sync.ts';
import { makeEntryRecord } from '../support/entry-record.ts';
import { startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster.ts';
import { allEntries, signInApi } from '../support/server-api.ts';
import { handOverUntilAnswered, LONG, sendUntilAnswered, spoolStatus, tally, type Refusal } from './batch-sender.ts';
import { startGateProcess } from './gate-process.ts';
import { lockPostgresEntries, lockSqlite, type WriteLock } from './database-lock.ts';
import { createDrillDatabase, startServerProcess, type ServerProcess } from './server-process.ts';

/*
 * Drill: another program holds the database's write lock — on SQLite an EXCLUSIVE transaction
 * from a second connection, on PostgreSQL `LOCK TABLE entries IN EXCLUSIVE MODE` — for longer than
 * the server waits for a lock, while batches are ingested. The server must answer each batch a
 * retryable 503 `database-busy` with Retry-After (not a 500, not a request that hangs until the
 * lock goes), keep running, and store every record exactly once when the batches are retried
 * after the lock is released. The lock is released only once every batch has been refused, so
 * each cycle proves the refusal rather than hoping a request landed inside the lock. Then the same
 * met by a gate's forwarder: it must wait as long as the server's Retry-After asks, and send every
 * entry once after the lock goes.
 */

const CYCLES = LONG ? 10 : 1;
const BATCHES_PER_CYCLE = LONG ? 4 : 2;
const BATCH_SIZE = 40;

describe.each(['sqlite', 'postgres'] as const)('database on %s locked by another writer during batch ingest', (kind) => {
  let server: ServerProcess;
  let cluster: PostgresCluster | null = null;
  let databaseUrl = '';
  beforeAll(async () => {
    if (kind === 'postgres') {
      cluster = await startPostgresCluster();
      databaseUrl = await createDrillDatabase(cluster, 'checkpoint_lock_drill');
    }
    server = await startServerProcess({ databaseUrl });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await cluster?.stop();
  });

  const lock = (): Promise<WriteLock> =>
    kind === 'sqlite' ? Promise.resolve(lockSqlite(server.dataDir)) : lockPostgresEntries(databaseUrl);

  it(
    `answers 503 database-busy while locked and stores every record once after ${CYCLES} lock cycles`,
    async () => {
      const batches = Array.from({ length: CYCLES * BATCHES_PER_CYCLE }, (_, b) => ({
        batchId: `lock-drill-${b}`,
        entries: Array.from({ length: BATCH_SIZE }, () => makeEntryRecord(server.gate)),
      }));
      const sentIds = batches.flatMap((batch) => batch.entries.map((entry) => entry.id));
      const finalStatus = new Map<string, RecordResult['status']>();
      const refusals: Refusal[] = [];
      const pid = server.pid();

      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const held = await lock();
        const cycleBatches = batches.slice(cycle * BATCHES_PER_CYCLE, (cycle + 1) * BATCHES_PER_CYCLE);
        let allRefused!: () => void;
        const everyBatchRefused = new Promise<void>((done) => (allRefused = done));
        const refused = new Set<string>();
        const inFlight = cycleBatches.map((batch) =>
          sendUntilAnswered(server.url, server.gate.deviceToken, batch.batchId, batch.entries, {
            onRefusal: (refusal) => {
              refusals.push(refusal);
              refused.add(batch.batchId);
              if (refused.size === cycleBatches.length) allRefused();
            },
          }).then((answer) => ({ batch, answer })),
        );
        await everyBatchRefused;
        // Still locked: the server answers and has not restarted.
        expect((await fetch(`${server.url}/api/v1/health`)).ok).toBe(true);
        expect(server.pid()).toBe(pid);
        await held.release();
        for (const { batch, answer } of await Promise.all(inFlight)) {
          expect(answer.tries).toBeGreaterThan(1);
          expect(answer.results).toHaveLength(batch.entries.length);
          for (const result of answer.results) finalStatus.set(result.id ?? '', result.status);
        }
      }

      expect(refusals.length).toBeGreaterThanOrEqual(batches.length);
      expect(refusals.filter((r) => r.status !== 503 || r.error !== 'database-busy' || r.retryAfter === null)).toEqual([]);
      // A refused batch left nothing behind: its retry stored every record, none came back duplicate.
      expect([...finalStatus.values()].filter((status) => status !== 'stored')).toEqual([]);
      expect(finalStatus.size).toBe(sentIds.length);

      // The outbox may send a refused batch again after it was stored: nothing changes.
      const again = await sendUntilAnswered(server.url, server.gate.deviceToken, 'lock-drill-again', batches[0]!.entries);
      expect(again.results.map((r) => r.status)).toEqual(batches[0]!.entries.map(() => 'duplicate'));

      const stored = tally(sentIds, await server.storedEntryIds());
      expect(stored).toEqual({ sent: sentIds.length, found: sentIds.length, lost: 0, doubled: 0, strangers: 0 });
      const admin = server.accounts.find((account) => account.role === 'admin')!;
      const shown = await allEntries(server.url, await signInApi(server.url, admin));
      expect(
        tally(
          sentIds,
          shown.map((entry) => entry.id),
        ),
      ).toEqual({ sent: sentIds.length, found: sentIds.length, lost: 0, doubled: 0, strangers: 0 });
      expect(server.pid()).toBe(pid);
      expect(server.output()).not.toMatch(/"statusCode":500|internal server error/);
      console.info(
        `database-locked drill (${kind}): ${CYCLES} locks, sent ${sentIds.length}, stored ${stored.found}, shown ${shown.length}, lost 0, doubled 0, 503 answers ${refusals.length}`,
      );
    },
    LONG ? 900_000 : 180_000,
  );

  it('a gate forwarding into the locked database waits out Retry-After and sends every entry once after', async () => {
    const gate = await startGateProcess(server.dataDir, server.url, {
      spool: { probeMs: 200, baseBackoffMs: 100, maxBackoffMs: 10_000 },
    });
    try {
      const held = await lock();
      const entries = Array.from({ length: BATCH_SIZE }, () => makeEntryRecord(server.gate));
      await handOverUntilAnswered(gate.url, entries);
      await expect.poll(async () => (await spoolStatus(gate.url)).lastError, { timeout: 60_000 }).toMatch(/locked|busy/);
      const refused = await spoolStatus(gate.url);
      expect(refused).toMatchObject({ unsent: BATCH_SIZE, serverUnreachable: false });
      // Retry-After: 5 — the forwarder's own back-off is a tenth of a second here.
      expect(Date.parse(refused.nextRetryAt!) - Date.parse(refused.at)).toBeGreaterThanOrEqual(4_900);
      await held.release();
      await expect.poll(async () => (await spoolStatus(gate.url)).unsent, { timeout: 60_000 }).toBe(0);
      const ids = entries.map((entry) => entry.id);
      const stored = (await server.storedEntryIds()).filter((id) => ids.includes(id));
      expect(tally(ids, stored)).toEqual({ sent: ids.length, found: ids.length, lost: 0, doubled: 0, strangers: 0 });
      console.info(
        `database-locked drill through a gate (${kind}): ${ids.length} handed over while locked, the forwarder waited Retry-After, stored ${stored.length}, lost 0, doubled 0`,
      );
    } finally {
      await gate.stop();
    }
  }, 180_000);
});
