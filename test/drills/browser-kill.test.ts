import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryRecord } from '../../protocol/index.ts';
import { makeEntryRecord } from '../support/entry-record.ts';
import { journalBundle } from '../support/journal-bundle.ts';
import { journalStates, slow } from '../support/kiosk-page.ts';
import { launchKillable, type KillableBrowser } from '../support/killable-browser.ts';
import { allEntries, signInApi } from '../support/server-api.ts';
import { LONG, shuffled, tally } from './batch-sender.ts';
import { startGateProcess, type GateProcess } from './gate-process.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

/*
 * Drill: the kiosk's browser is SIGKILLed — a power cut, a crash — while it writes to its IndexedDB
 * journal: entries are logged back to back through the kiosk's own modules, as it logs a screening
 * (the journal with strict durability, plus the gate's copy), and the kiosk's outbox in the same
 * page is marking synced entries sent meanwhile. Chromium is started again on the same profile,
 * every time. An entry whose logging had resolved ("logged" on the kiosk's screen) must be in the
 * journal once the kiosk has checked it against the gate copy — Chromium has come back from a kill
 * with its IndexedDB store short or empty, which is why the copy exists; nothing may appear that
 * was never written; and once the outbox has drained, the server holds each entry of the journal
 * exactly once.
 */

const KILLS = LONG ? 20 : 3;
const RECORDS_PER_RUN = 4000;

let server: ServerProcess;
let gate: GateProcess;
let profile: string;
let bundle: string;

beforeAll(async () => {
  server = await startServerProcess({ logLevel: 'warn' });
  gate = await startGateProcess(server.dataDir, server.url);
  profile = mkdtempSync(join(tmpdir(), 'checkpoint-drill-profile-'));
  bundle = await journalBundle();
}, 180_000);

afterAll(async () => {
  await gate?.stop();
  await server?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function openKiosk(killable: KillableBrowser): Promise<Page> {
  const page = await killable.browser.contexts()[0]!.newPage();
  await page.goto(`${gate.url}/`);
  await page.locator('checkpoint-kiosk[journal-checked]').waitFor({ timeout: 60_000 });
  return page;
}

/** How many entries the kiosk took back from the gate copy when it started: the browser had lost them. */
function restoredAtStart(page: Page): Promise<number> {
  return page.evaluate(() => (document.querySelector('checkpoint-kiosk') as unknown as { restored: number }).restored);
}

/** Starts logging `records` in the page, one after another, and reports each id once its logging resolved. */
async function startAppending(page: Page, records: EntryRecord[], acked: string[]): Promise<void> {
  await page.exposeBinding('drillAck', (_source, id: string) => void acked.push(id));
  await page.evaluate(bundle);
  await page.evaluate((batch) => {
    type Journal = { append: (record: unknown) => Promise<void> };
    const page = globalThis as unknown as {
      CheckpointJournal: { open: () => Promise<Journal> };
      CheckpointLogEntry: (journal: Journal, record: unknown) => Promise<unknown>;
      drillAck: (id: string) => Promise<void>;
    };
    void (async () => {
      const journal = await page.CheckpointJournal.open();
      for (const record of batch) {
        await page.CheckpointLogEntry(journal, record);
        void page.drillAck((record as { id: string }).id);
      }
    })();
  }, records);
}

describe('browser killed during IndexedDB writes', () => {
  it(
    `keeps every entry whose write resolved and sends each once (${KILLS} kills)`,
    async () => {
      const written: string[] = [];
      const acked: string[] = [];
      let restored = 0;
      const seeds = shuffled(
        Array.from({ length: KILLS }, (_, i) => 80 + i * 37),
        7,
      );
      for (let kill = 0; kill < KILLS; kill++) {
        const killable = await launchKillable(profile);
        const page = await openKiosk(killable);
        restored += await restoredAtStart(page);
        // Checked at every restart, so a loss is pinned to the kill that caused it.
        expect(
          tally(
            acked,
            (await journalStates(page)).map((entry) => entry.id),
          ),
          `journal after kill ${kill}`,
        ).toMatchObject({ lost: 0, doubled: 0 });
        const records = Array.from({ length: RECORDS_PER_RUN }, () =>
          makeEntryRecord(server.gate, { occurredAt: new Date().toISOString() }),
        );
        written.push(...records.map((record) => record.id));
        const ackedBefore = acked.length;
        await startAppending(page, records, acked);
        // Killed at a different point each time, with appends and the outbox's updates in flight.
        const target = ackedBefore + seeds[kill]!;
        await expect.poll(() => acked.length, slow).toBeGreaterThanOrEqual(target);
        await killable.kill();
        expect(acked.length).toBeLessThan(ackedBefore + RECORDS_PER_RUN);
      }

      const killable = await launchKillable(profile);
      try {
        const page = await openKiosk(killable);
        restored += await restoredAtStart(page);
        const journal = await journalStates(page);
        const journalIds = journal.map((entry) => entry.id);
        // Every write the page saw resolve is there; nothing is there that was never written.
        expect(tally(acked, journalIds)).toMatchObject({ lost: 0, doubled: 0 });
        expect(tally(written, journalIds)).toMatchObject({ doubled: 0, strangers: 0 });

        // The journal itself, not the status bar, which reports a moment after each change.
        await expect
          .poll(async () => (await journalStates(page)).filter((entry) => entry.state !== 'sent').length, { timeout: 120_000 })
          .toBe(0);
        await expect.poll(() => page.locator('[data-test="unsent-count"]').textContent(), slow).toBe('0');
        const stored = await server.storedEntryIds();
        expect(tally(journalIds, stored)).toEqual({
          sent: journalIds.length,
          found: journalIds.length,
          lost: 0,
          doubled: 0,
          strangers: 0,
        });
        const admin = server.accounts.find((account) => account.role === 'admin')!;
        const shown = (await allEntries(server.url, await signInApi(server.url, admin))).map((entry) => entry.id);
        expect(tally(journalIds, shown)).toEqual({
          sent: journalIds.length,
          found: journalIds.length,
          lost: 0,
          doubled: 0,
          strangers: 0,
        });
        console.info(
          `browser-kill drill: ${KILLS} kills; ${acked.length} writes resolved before a kill, ${journalIds.length} in the journal after ` +
            `(${journalIds.length - acked.length} whose answer the kill cut off; ${restored} taken back from the gate copy), stored ${stored.length}, shown ${shown.length}; lost 0, doubled 0`,
        );
      } finally {
        await killable.browser.close().catch(() => undefined);
        await killable.kill();
      }
    },
    LONG ? 900_000 : 240_000,
  );
});
