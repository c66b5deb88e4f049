import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEntryRecord } from '../support/entry-record.ts';
import { allEntries, signInApi } from '../support/server-api.ts';
import { handOverUntilAnswered, LONG, shuffled, spoolStatus, tally } from './batch-sender.ts';
import { startGateProcess, type GateProcess } from './gate-process.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

/*
 * Drill: the gate service is SIGKILLed while kiosks hand it entries (`POST /spool/entries`) and its
 * forwarder sends them on to the server, then started again on the same spool. The kiosk side here
 * hands each batch over again through the restarted gate until it is answered, as the kiosk's
 * outbox does; a hand-over may have been written before the kill and a forwarded batch stored
 * before its answer came back, so the spool must hold each entry once and the server store it once.
 */

const CYCLES = LONG ? 20 : 3;
const BATCH_SIZE = 30;
const BATCHES_PER_CYCLE = 4;

let server: ServerProcess;
let gate: GateProcess;
beforeAll(async () => {
  server = await startServerProcess();
  gate = await startGateProcess(server.dataDir, server.url, { spool: { probeMs: 200, baseBackoffMs: 100, maxBackoffMs: 1_000 } });
}, 120_000);
afterAll(async () => {
  await gate?.stop();
  await server?.stop();
});

describe('gate service killed while taking and forwarding entries', () => {
  it(
    `keeps and forwards every entry exactly once across ${CYCLES} SIGKILL and restart cycles`,
    async () => {
      const batches = Array.from({ length: CYCLES * BATCHES_PER_CYCLE }, () =>
        Array.from({ length: BATCH_SIZE }, () => makeEntryRecord(server.gate)),
      );
      const handedIds = batches.flatMap((batch) => batch.map((entry) => entry.id));
      const order = shuffled(batches, 11);
      let retried = 0;
      let alreadyKept = 0;

      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const inFlight = order
          .slice(cycle * BATCHES_PER_CYCLE, (cycle + 1) * BATCHES_PER_CYCLE)
          .map((batch) => handOverUntilAnswered(gate.url, batch).then((answer) => ({ batch, answer })));
        await Promise.race(inFlight);
        await gate.kill();
        await gate.start();
        for (const { batch, answer } of await Promise.all(inFlight)) {
          if (answer.tries > 1) retried++;
          expect(answer.results.map((result) => result.id)).toEqual(batch.map((entry) => entry.id));
          expect(answer.results.filter((result) => result.status === 'refused')).toEqual([]);
          alreadyKept += answer.results.filter((result) => result.status === 'already').length;
        }
      }

      expect(tally(handedIds, gate.spoolIds())).toEqual({
        sent: handedIds.length,
        found: handedIds.length,
        lost: 0,
        doubled: 0,
        strangers: 0,
      });
      await expect.poll(async () => (await spoolStatus(gate.url)).unsent, { timeout: 60_000 }).toBe(0);
      expect((await spoolStatus(gate.url)).rejected).toBe(0);
      const storedIds = await server.storedEntryIds();
      expect(tally(handedIds, storedIds)).toEqual({
        sent: handedIds.length,
        found: handedIds.length,
        lost: 0,
        doubled: 0,
        strangers: 0,
      });
      const admin = server.accounts.find((account) => account.role === 'admin')!;
      const shown = await allEntries(server.url, await signInApi(server.url, admin));
      expect(
        tally(
          handedIds,
          shown.map((entry) => entry.id),
        ),
      ).toEqual({ sent: handedIds.length, found: handedIds.length, lost: 0, doubled: 0, strangers: 0 });
      console.info(
        `gate-kill drill: ${CYCLES} kills, handed over ${handedIds.length}, in the spool ${handedIds.length}, stored ${storedIds.length}, shown ${shown.length}, lost 0, doubled 0; hand-overs retried ${retried}, entries the gate had already kept when handed again ${alreadyKept}`,
      );
    },
    LONG ? 900_000 : 180_000,
  );
});
