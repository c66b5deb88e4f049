import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordResult } from '../../protocol/sync.ts';
import { startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster.ts';
import { makeEntryRecord } from '../support/entry-record.ts';
import { allEntries, signInApi } from '../support/server-api.ts';
import { handOverUntilAnswered, LONG, sendUntilAnswered, shuffled, spoolStatus, tally } from './batch-sender.ts';
import { startGateProcess } from './gate-process.ts';
import { createDrillDatabase, startServerProcess, type ServerProcess } from './server-process.ts';

/*
 * Drill: the community server is SIGKILLed while batches are being ingested, then started again on
 * the same SQLite file. The sender keeps several batches in flight, so the kill lands mid-request;
 * each batch is retried until answered, batches go in shuffled order and some are sent twice.
 * Counted three ways — answers, rows in the database file, entries the review API shows — and
 * nothing may be lost or doubled. Then the same through a gate: a backlog handed to the gate
 * service's spool goes to the server through its forwarder while the server is killed and
 * restarted under it.
 */

const CYCLES = LONG ? 20 : 3;
const BATCH_SIZE = 40;
const BATCHES_PER_CYCLE = 4;
const TWO_HOURS = 2 * 60 * 60 * 1000;
const GATE_BACKLOG = LONG ? 6_000 : 1_500;

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

  it(
    `takes a gate's backlog through its forwarder exactly once across ${CYCLES} SIGKILLs of the server`,
    async () => {
      const gate = await startGateProcess(server.dataDir, server.url, {
        spool: { probeMs: 200, baseBackoffMs: 100, maxBackoffMs: 1_000 },
      });
      try {
        const before = new Set(await server.storedEntryIds());
        await server.stop();
        const backlog = Array.from({ length: GATE_BACKLOG }, () => makeEntryRecord(server.gate));
        for (let start = 0; start < backlog.length; start += 500)
          await handOverUntilAnswered(gate.url, backlog.slice(start, start + 500));
        await server.start();
        let killedMidway = 0;
        for (let cycle = 0; cycle < CYCLES; cycle++) {
          // Killed once the forwarder is into the backlog, with a batch of up to 500 in flight.
          const unsent = (await spoolStatus(gate.url)).unsent;
          if (unsent === 0) break;
          await expect.poll(async () => (await spoolStatus(gate.url)).unsent, { timeout: 60_000 }).toBeLessThan(unsent);
          if ((await spoolStatus(gate.url)).unsent > 0) killedMidway++;
          await server.kill();
          await server.start();
        }
        await expect.poll(async () => (await spoolStatus(gate.url)).unsent, { timeout: 120_000 }).toBe(0);
        expect((await spoolStatus(gate.url)).rejected).toBe(0);
        const sentIds = backlog.map((entry) => entry.id);
        const stored = (await server.storedEntryIds()).filter((id) => !before.has(id));
        expect(tally(sentIds, stored)).toEqual({
          sent: sentIds.length,
          found: sentIds.length,
          lost: 0,
          doubled: 0,
          strangers: 0,
        });
        expect(killedMidway).toBeGreaterThan(0);
        console.info(
          `server-kill drill through a gate (${kind}): ${killedMidway} kills with the forwarder mid-backlog, handed over ${sentIds.length}, stored ${stored.length}, lost 0, doubled 0`,
        );
      } finally {
        await gate.stop();
      }
    },
    LONG ? 900_000 : 180_000,
  );
});
