import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordResult } from '../../protocol/sync.ts';
import { makeEntryRecord } from '../support/entry-record.ts';
import { allEntries, signInApi } from '../support/server-api.ts';
import { LONG, postUntilAnswered, shuffled, tally } from './batch-sender.ts';
import { startGateProcess, type GateProcess } from './gate-process.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

/*
 * Drill: the gate service is SIGKILLed while it relays batches from the kiosk's outbox to the
 * server (`POST /uplink/entries`), then started again. The outbox side here retries each batch
 * through the restarted gate until answered, as the kiosk's does; the batch may have reached the
 * server before the kill, so the retry must come back `duplicate`, never stored twice.
 */

const CYCLES = LONG ? 20 : 3;
const BATCH_SIZE = 30;
const BATCHES_PER_CYCLE = 4;

let server: ServerProcess;
let gate: GateProcess;
beforeAll(async () => {
  server = await startServerProcess();
  gate = await startGateProcess(server.dataDir, server.url);
}, 120_000);
afterAll(async () => {
  await gate?.stop();
  await server?.stop();
});

describe('gate service killed while forwarding batches', () => {
  it(
    `relays every record exactly once across ${CYCLES} SIGKILL and restart cycles`,
    async () => {
      const batches = Array.from({ length: CYCLES * BATCHES_PER_CYCLE }, (_, b) => ({
        batchId: `gate-drill-${b}`,
        entries: Array.from({ length: BATCH_SIZE }, () => makeEntryRecord(server.gate)),
      }));
      const sentIds = batches.flatMap((batch) => batch.entries.map((entry) => entry.id));
      const finalStatus = new Map<string, RecordResult['status']>();
      const order = shuffled(batches, 11);
      let retried = 0;

      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const inFlight = order.slice(cycle * BATCHES_PER_CYCLE, (cycle + 1) * BATCHES_PER_CYCLE).map((batch) =>
          postUntilAnswered(`${gate.url}/uplink/entries`, {}, batch.batchId, batch.entries).then((answer) => ({
            batch,
            answer,
          })),
        );
        await Promise.race(inFlight);
        await gate.kill();
        await gate.start();
        for (const { batch, answer } of await Promise.all(inFlight)) {
          if (answer.tries > 1) retried++;
          expect(answer.results).toHaveLength(batch.entries.length);
          for (const result of answer.results) finalStatus.set(result.id ?? '', result.status);
        }
      }

      expect([...finalStatus.values()].filter((status) => status === 'rejected')).toEqual([]);
      expect(finalStatus.size).toBe(sentIds.length);
      const storedIds = await server.storedEntryIds();
      expect(tally(sentIds, storedIds)).toEqual({
        sent: sentIds.length,
        found: sentIds.length,
        lost: 0,
        doubled: 0,
        strangers: 0,
      });
      const admin = server.accounts.find((account) => account.role === 'admin')!;
      const shown = await allEntries(server.url, await signInApi(server.url, admin));
      expect(
        tally(
          sentIds,
          shown.map((entry) => entry.id),
        ),
      ).toEqual({ sent: sentIds.length, found: sentIds.length, lost: 0, doubled: 0, strangers: 0 });
      console.info(
        `gate-kill drill: ${CYCLES} kills, sent ${sentIds.length}, stored ${storedIds.length}, shown ${shown.length}, lost 0, doubled 0, batches retried ${retried}`,
      );
    },
    LONG ? 900_000 : 180_000,
  );
});
