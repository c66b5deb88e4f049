import { watch, type FSWatcher } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryRecord } from '../../protocol/index.ts';
import { makeEntryRecord } from '../support/entry-record.ts';
import { allEntries, signInApi } from '../support/server-api.ts';
import { handOverUntilAnswered, LONG, spoolStatus, tally } from './batch-sender.ts';
import { startGateProcess, type GateProcess } from './gate-process.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { gateFetch } from '../support/gate-screen.ts';

/*
 * Drill: the gate service dies after it has written a hand-over to its spool and before the kiosk
 * hears its answer. The drill watches the spool's WAL file (inotify through fs.watch); once a
 * hand-over's pages are being written it waits a moment — longer after a kill that came before the
 * write was on disk, shorter after one that came after the answer, so it closes in on the gap — then
 * freezes the gate (SIGSTOP), waits to see whether an answer still arrives, and SIGKILLs it. The gate is started again and each kill is sorted by what the
 * kiosk side saw and what the spool holds: answered before the kill; written and not answered (the
 * case this drill is for); not yet written. The kiosk side then hands the batch over again, as the
 * kiosk's outbox does, until answered: a batch the gate had written comes back `already`, and the
 * spool and the server each hold every entry once.
 */

const WRITTEN_UNANSWERED_WANTED = LONG ? 20 : 3;
const MAX_KILLS = LONG ? 200 : 40;
const BATCH_SIZE = 200;
/** Long enough for an answer already written to the socket to arrive; the gate is frozen meanwhile. */
const ANSWER_GRACE_MS = 300;

let server: ServerProcess;
let gate: GateProcess;
beforeAll(async () => {
  server = await startServerProcess();
  gate = await startGateProcess(server.dataDir, server.url, { spool: { probeMs: 200, baseBackoffMs: 100, maxBackoffMs: 1_000 } });
  // Nothing forwarded while the gate is being killed: the spool's only writes are the hand-overs.
  await server.stop();
}, 120_000);
afterAll(async () => {
  await gate?.stop();
  await server?.stop();
});

/** Resolves at the first write to the spool's WAL after now. */
function nextSpoolWrite(dir: string): { written: Promise<void>; close: () => void } {
  let watcher: FSWatcher | null = null;
  const written = new Promise<void>((done) => {
    watcher = watch(dir, (_event, file) => {
      if (file === 'spool.sqlite-wal') done();
    });
  });
  return { written, close: () => watcher?.close() };
}

type Outcome = 'answered' | 'written-unanswered' | 'not-written';

describe('gate service killed between its spool write and its answer', () => {
  it(
    `keeps a hand-over it wrote but never answered exactly once (${WRITTEN_UNANSWERED_WANTED} such kills wanted)`,
    async () => {
      const handed: EntryRecord[][] = [];
      const outcomes: Outcome[] = [];
      let delayMs = 0;
      while (outcomes.filter((o) => o === 'written-unanswered').length < WRITTEN_UNANSWERED_WANTED) {
        expect(outcomes.length, `kills so far: ${outcomes.join(', ')}`).toBeLessThan(MAX_KILLS);
        const batch = Array.from({ length: BATCH_SIZE }, () => makeEntryRecord(server.gate));
        handed.push(batch);
        const write = nextSpoolWrite(gate.dataDir);
        let answered = false;
        const sending = gateFetch(`${gate.url}/spool/entries`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ entries: batch }),
        }).then(
          async (response) => {
            await response.arrayBuffer();
            answered = response.ok;
          },
          () => undefined,
        );
        await write.written;
        write.close();
        if (delayMs > 0) await new Promise((done) => setTimeout(done, delayMs));
        process.kill(gate.pid()!, 'SIGSTOP');
        await new Promise((done) => setTimeout(done, ANSWER_GRACE_MS));
        await gate.kill();
        await sending;
        await gate.start();
        const held = new Set(gate.spoolIds());
        const written = batch.filter((entry) => held.has(entry.id)).length;
        // A transaction is all or nothing: the batch is in the spool whole, or not at all.
        expect([0, BATCH_SIZE]).toContain(written);
        const outcome: Outcome = answered ? 'answered' : written ? 'written-unanswered' : 'not-written';
        outcomes.push(outcome);
        if (outcome === 'not-written') delayMs += 1;
        if (outcome === 'answered') delayMs = Math.max(0, delayMs - 1);

        const again = await handOverUntilAnswered(gate.url, batch);
        const expected = written ? 'already' : 'kept';
        expect(again.results.map((result) => result.status)).toEqual(batch.map(() => expected));
      }

      const handedIds = handed.flat().map((entry) => entry.id);
      expect(tally(handedIds, gate.spoolIds())).toEqual({
        sent: handedIds.length,
        found: handedIds.length,
        lost: 0,
        doubled: 0,
        strangers: 0,
      });
      await server.start();
      await expect.poll(async () => (await spoolStatus(gate.url)).unsent, { timeout: 60_000 }).toBe(0);
      const stored = await server.storedEntryIds();
      expect(tally(handedIds, stored)).toEqual({
        sent: handedIds.length,
        found: handedIds.length,
        lost: 0,
        doubled: 0,
        strangers: 0,
      });
      const admin = server.accounts.find((account) => account.role === 'admin')!;
      const shown = (await allEntries(server.url, await signInApi(server.url, admin))).map((entry) => entry.id);
      expect(tally(handedIds, shown)).toEqual({
        sent: handedIds.length,
        found: handedIds.length,
        lost: 0,
        doubled: 0,
        strangers: 0,
      });
      const count = (outcome: Outcome) => outcomes.filter((o) => o === outcome).length;
      console.info(
        `gate-kill-after-write drill: ${outcomes.length} kills — written and not answered ${count('written-unanswered')}, ` +
          `answered first ${count('answered')}, not yet written ${count('not-written')}; handed over ${handedIds.length}, ` +
          `in the spool ${handedIds.length}, stored ${stored.length}, shown ${shown.length}; lost 0, doubled 0`,
      );
    },
    LONG ? 1_800_000 : 300_000,
  );
});
