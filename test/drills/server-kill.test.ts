import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordResult } from '../../protocol/sync.ts';
import { startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster.ts';
import { makeEntryRecord } from '../support/entry-record.ts';
import { allEntries, signInApi } from '../support/server-api.ts';
import { LONG, sendUntilAnswered, shuffled, tally } from './batch-sender.ts';
import { createDrillDatabase, startServerProcess, type ServerProcess } from './server-process.ts';

/*
 * Drill: the community server is SIGKILLed while batches are being ingested, then started again on
 * the same SQLite file. The sender keeps several batches in flight, so the kill lands mid-request;
 * each batch is retried until answered, batches go in shuffled order and some are sent twice.
 * Counted three ways — answers, rows in the database file, entries the review API shows — and
 * nothing may be lost or doubled.
 */

const CYCLES = LONG ? 20 : 3;
const BATCH_SIZE = 40;
const BATCHES_PER_CYCLE = 4;
const TWO_HOURS = 2 * 60 * 60 * 1000;

describe.each(['sqlite', 'postgres'] as const)('server on %s killed during batch ingest', (kind) => {
  let server: ServerProcess;
  let cluster: PostgresCluster | null = null;
  beforeAll(async () => {
    if (kind === 'postgres') cluster = await startPostgresCluster();
    server = await startServerProcess(cluster ? { databaseUrl: await createDrillDatabase(cluster, 'checkpoint_drill') } : {});
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await cluster?.stop();
  });

  it(
    `stores every record exactly once across ${CYCLES} SIGKILL and restart cycles`,
    async () => {
      const skewedIds = new Set<string>();
      const batches = Array.from({ length: CYCLES * BATCHES_PER_CYCLE }, (_, b) => ({
        batchId: `drill-batch-${b}`,
        entries: Array.from({ length: BATCH_SIZE }, (_, i) => {
          // Every fifth record comes from a device whose clock runs two hours fast.
          if (i % 5 !== 0) return makeEntryRecord(server.gate);
          const record = makeEntryRecord(server.gate, { occurredAt: new Date(Date.now() + TWO_HOURS).toISOString() });
          skewedIds.add(record.id);
          return record;
        }),
      }));
      const sentIds = batches.flatMap((batch) => batch.entries.map((entry) => entry.id));
      const finalStatus = new Map<string, RecordResult['status']>();
      const order = shuffled(batches, 7);
      const startedAt = Date.now();
      let retried = 0;

      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const inFlight = order.slice(cycle * BATCHES_PER_CYCLE, (cycle + 1) * BATCHES_PER_CYCLE).map((batch) =>
          sendUntilAnswered(server.url, server.gate.deviceToken, batch.batchId, batch.entries).then((answer) => ({
            batch,
            answer,
          })),
        );
        // Kill as soon as the first batch of the cycle is answered: the others are still in flight.
        await Promise.race(inFlight);
        await server.kill();
        await server.start();
        for (const { batch, answer } of await Promise.all(inFlight)) {
          if (answer.tries > 1) retried++;
          expect(answer.results).toHaveLength(batch.entries.length);
          for (const result of answer.results) finalStatus.set(result.id ?? '', result.status);
        }
      }

      // Out of order and twice: the first half of the batches again, last first.
      for (const batch of batches.slice(0, batches.length / 2).reverse()) {
        const again = await sendUntilAnswered(server.url, server.gate.deviceToken, `${batch.batchId}-again`, batch.entries);
        expect(again.results.map((r) => r.status)).toEqual(batch.entries.map(() => 'duplicate'));
      }

      expect([...finalStatus.values()].filter((status) => status === 'rejected')).toEqual([]);
      expect(finalStatus.size).toBe(sentIds.length);

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

      // The skewed device keeps its own time; the server adds when it received the record.
      const byId = new Map(shown.map((entry) => [entry.id, entry]));
      const sentById = new Map(batches.flatMap((batch) => batch.entries).map((entry) => [entry.id, entry]));
      for (const id of skewedIds) {
        const entry = byId.get(id)!;
        expect(Date.parse(entry.occurredAt)).toBe(Date.parse(sentById.get(id)!.occurredAt));
        expect(Date.parse(entry.receivedAt)).toBeGreaterThanOrEqual(startedAt - 1000);
        expect(Date.parse(entry.occurredAt) - Date.parse(entry.receivedAt)).toBeGreaterThan(TWO_HOURS - 10 * 60 * 1000);
      }
      console.info(
        `server-kill drill (${kind}): ${CYCLES} kills, sent ${sentIds.length}, stored ${stored.found}, shown ${shown.length}, lost 0, doubled 0, batches retried ${retried}`,
      );
    },
    LONG ? 900_000 : 180_000,
  );
});
