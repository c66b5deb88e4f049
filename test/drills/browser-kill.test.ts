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
import { LONG, shuffled, spoolStatus, tally } from './batch-sender.ts';
import { startGateProcess, type GateProcess } from './gate-process.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { pairPage } from '../support/gate-screen.ts';

/*
 * Drill: the kiosk's browser is SIGKILLed — a power cut, a crash — while it logs entries back to
 * back through the kiosk's own module (kiosk/hand-over.ts `logEntry`, as it logs a screening).
 * Every other run the gate service is stopped first, so the entries are held in the browser's
 * IndexedDB journal (strict durability) and the kill lands in those writes; the gate is started
 * again before the browser, whose kiosk then hands over what it held. Chromium is started again
 * on the same profile every time. An entry whose logging resolved ("logged" or "held on this
 * screen") must be in the gate's spool or still held in the journal; nothing may appear that was
 * never logged; and at the end the journal holds nothing, and the spool and the server hold each
 * entry exactly once.
 */

const KILLS = LONG ? 20 : 4;
const RECORDS_PER_RUN = 4000;

let server: ServerProcess;
let gate: GateProcess;
let profile: string;
let bundle: string;

beforeAll(async () => {
  server = await startServerProcess({ logLevel: 'warn' });
  gate = await startGateProcess(server.dataDir, server.url, { spool: { probeMs: 200, baseBackoffMs: 100, maxBackoffMs: 1_000 } });
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
  await pairPage(page, gate.url);
  await page.goto(`${gate.url}/`);
  await page.locator('checkpoint-kiosk').waitFor({ timeout: 60_000 });
  return page;
}

/** Starts logging `records` in the page, one after another, and reports each id, and where it went, once its logging resolved. */
async function startLogging(page: Page, records: EntryRecord[], acked: Map<string, string>): Promise<void> {
  await page.exposeBinding('drillAck', (_source, id: string, where: string) => void acked.set(id, where));
  await page.evaluate(bundle);
  await page.evaluate((batch) => {
    type Journal = { append: (record: unknown) => Promise<void> };
    const page = globalThis as unknown as {
      CheckpointJournal: { open: () => Promise<Journal> };
      CheckpointLogEntry: (journal: Journal, record: unknown) => Promise<{ where: string }>;
      drillAck: (id: string, where: string) => Promise<void>;
    };
    void (async () => {
      const journal = await page.CheckpointJournal.open();
      for (const record of batch) {
        const logged = await page.CheckpointLogEntry(journal, record);
        void page.drillAck((record as { id: string }).id, logged.where);
      }
    })();
  }, records);
}

/** Every id the journal holds, then every id in the spool: an entry handed over in between is in the second. */
/**
 * Every id kept somewhere, once: the reopened kiosk hands its held entries over while we read, so
 * one can be in the journal and already at the gate between the two reads. Doubling is checked where
 * it would matter — the gate's spool and the server, by id — once the hand-over has finished.
 */
async function keptIds(page: Page): Promise<string[]> {
  const held = (await journalStates(page)).map((entry) => entry.id);
  return [...new Set([...held, ...gate.spoolIds()])];
}

describe('browser killed while logging entries', () => {
  it(
    `keeps every entry whose logging resolved, at the gate or held in the browser, and sends each once (${KILLS} kills)`,
    async () => {
      const written: string[] = [];
      const acked = new Map<string, string>();
      const seeds = shuffled(
        Array.from({ length: KILLS }, (_, i) => 80 + i * 37),
        7,
      );
      for (let kill = 0; kill < KILLS; kill++) {
        const killable = await launchKillable(profile);
        const page = await openKiosk(killable);
        // Checked at every restart, so a loss is pinned to the kill that caused it.
        expect(tally([...acked.keys()], await keptIds(page)), `after kill ${kill}`).toMatchObject({ lost: 0 });
        const gateDown = kill % 2 === 1;
        if (gateDown) await gate.stop();
        const records = Array.from({ length: RECORDS_PER_RUN }, () =>
          makeEntryRecord(server.gate, { occurredAt: new Date().toISOString() }),
        );
        written.push(...records.map((record) => record.id));
        const ackedBefore = acked.size;
        await startLogging(page, records, acked);
        // Killed at a different point each time, with writes in flight.
        const target = ackedBefore + seeds[kill]!;
        await expect.poll(() => acked.size, slow).toBeGreaterThanOrEqual(target);
        await killable.kill();
        expect(acked.size).toBeLessThan(ackedBefore + RECORDS_PER_RUN);
        if (gateDown) await gate.start();
      }

      const killable = await launchKillable(profile);
      try {
        const page = await openKiosk(killable);
        // The kiosk hands over what its journal held; then it holds nothing.
        await expect.poll(async () => (await journalStates(page)).length, { timeout: 120_000 }).toBe(0);
        const spooled = gate.spoolIds();
        const ackedIds = [...acked.keys()];
        // Every logging the page saw resolve is at the gate; nothing is there that was never logged.
        expect(tally(ackedIds, spooled)).toMatchObject({ lost: 0, doubled: 0 });
        expect(tally(written, spooled)).toMatchObject({ doubled: 0, strangers: 0 });

        await expect.poll(async () => (await spoolStatus(gate.url)).unsent, { timeout: 120_000 }).toBe(0);
        await expect.poll(() => page.locator('[data-test="unsent-count"]').textContent(), slow).toBe('0');
        const stored = await server.storedEntryIds();
        expect(tally(spooled, stored)).toEqual({
          sent: spooled.length,
          found: spooled.length,
          lost: 0,
          doubled: 0,
          strangers: 0,
        });
        const admin = server.accounts.find((account) => account.role === 'admin')!;
        const shown = (await allEntries(server.url, await signInApi(server.url, admin))).map((entry) => entry.id);
        expect(tally(spooled, shown)).toEqual({ sent: spooled.length, found: spooled.length, lost: 0, doubled: 0, strangers: 0 });
        const heldInBrowser = [...acked.values()].filter((where) => where === 'screen').length;
        console.info(
          `browser-kill drill: ${KILLS} kills (${Math.floor(KILLS / 2)} with the gate down); ${acked.size} loggings resolved before a kill ` +
            `(${heldInBrowser} held in the browser's journal, the rest at the gate), ${spooled.length} in the spool after ` +
            `(${spooled.length - acked.size} whose answer the kill cut off), stored ${stored.length}, shown ${shown.length}; lost 0, doubled 0`,
        );
      } finally {
        await killable.browser.close().catch(() => undefined);
        await killable.kill();
      }
    },
    LONG ? 900_000 : 300_000,
  );
});
