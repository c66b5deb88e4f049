import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterSnapshot } from '../../protocol/index.ts';
import { launchChromium } from '../support/browser.ts';
import { startCuttableLink, type CuttableLink, type LinkMode } from '../support/cuttable-link.ts';
import { admitWithPass, journalStates, signInKiosk } from '../support/kiosk-page.ts';
import { readDemo } from '../support/parts.ts';
import { allEntries, signInApi } from '../support/server-api.ts';
import { LONG, tally } from './batch-sender.ts';
import { startGateProcess, type GateProcess } from './gate-process.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

/*
 * Drill: the network between the gate service and the community server goes down for a long
 * stretch, then flaps — down, up for a few seconds, down again — then stays up. The kiosk in
 * Chromium keeps logging entries through the real gate service the whole time; retries come from
 * its own outbox and IndexedDB journal. A TCP link in the test sits between gate and server and is
 * cut by refusing connections, or by letting a batch reach the server and dropping the answer (the
 * batch is stored, the kiosk never hears so). The page's clock (Playwright's `page.clock`) is
 * jumped forward so the outbox's back-off of up to a minute — and hours of outage — pass in
 * seconds. Counted: entries in the kiosk's journal, rows in the database, entries the review API
 * shows — by id, nothing lost and nothing doubled.
 */

const OUTAGE_MS = (LONG ? 6 * 60 : 30) * 60_000;
const OUTAGE_JUMPS = LONG ? 36 : 6;
const ENTRIES_IN_OUTAGE = LONG ? 12 : 3;
const FLAPS = LONG ? 40 : 6;
/** Past the outbox's longest back-off (a minute): one jump always reaches its next try. */
const PAST_BACKOFF_MS = 61_000;

interface DemoPass {
  personId: string;
  name: string;
  pass: string;
}

let server: ServerProcess;
let link: CuttableLink;
let gate: GateProcess;
let browser: Browser;
let page: Page;
let people: DemoPass[];

beforeAll(async () => {
  server = await startServerProcess({ logLevel: 'warn' });
  link = await startCuttableLink({ host: '127.0.0.1', port: Number(new URL(server.url).port) });
  gate = await startGateProcess(server.dataDir, link.url);
  const roster = (await (await fetch(`${gate.url}/uplink/roster`)).json()) as RosterSnapshot;
  // People under watch are held at the gate for the guard; the drill wants plain admissions.
  const watched = new Set(roster.watch.flatMap((w) => [w.personId, w.householdId]));
  people = readDemo<DemoPass[]>(server.dataDir, 'demo-passes.json').filter((p) => {
    const person = roster.persons.find((q) => q.id === p.personId);
    return person && !watched.has(person.id) && !watched.has(person.householdId);
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Installed before the kiosk loads, so its timers and Date run on a clock the drill can jump.
  await page.clock.install();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await gate?.stop();
  await link?.close();
  await server?.stop();
});

function ingestRequests(mode: LinkMode): number {
  return link.requests().filter((request) => request.mode === mode && request.line.startsWith('POST /api/v1/ingest ')).length;
}

function unsentShown(): Promise<string | null> {
  return page.locator('[data-test="unsent-count"]').textContent();
}

/** Jumps the page's clock until `reached` holds: the outbox's waits are skipped, never slept through. */
async function jumpUntil(reached: () => boolean | Promise<boolean>, jumpMs: number): Promise<void> {
  await expect
    .poll(
      async () => {
        if (await reached()) return true;
        await page.clock.fastForward(jumpMs);
        return reached();
      },
      { timeout: 60_000, interval: 250 },
    )
    .toBe(true);
}

let admitted = 0;
async function admitNext(): Promise<void> {
  await admitWithPass(page, gate.url, people[admitted % people.length]!);
  admitted++;
}

describe('gate to server link down for long, then flapping, then up', () => {
  it(
    `delivers every entry logged meanwhile exactly once (${ENTRIES_IN_OUTAGE} in a ${OUTAGE_MS / 3_600_000} h outage, ${FLAPS} flaps)`,
    async () => {
      expect(people.length).toBeGreaterThanOrEqual(2);
      await signInKiosk(page, gate.url, server.accounts);
      await admitNext();
      await jumpUntil(async () => (await unsentShown()) === '0', 1_000);

      link.setMode('refuse');
      for (let i = 0; i < ENTRIES_IN_OUTAGE; i++) await admitNext();
      for (let jump = 0; jump < OUTAGE_JUMPS; jump++) {
        const tried = ingestRequests('refuse');
        await page.clock.fastForward(OUTAGE_MS / OUTAGE_JUMPS);
        // Still trying after hours: each stretch of the outage ends in another attempt.
        await jumpUntil(() => ingestRequests('refuse') > tried, PAST_BACKOFF_MS);
      }
      await expect.poll(unsentShown).toBe(String(ENTRIES_IN_OUTAGE));
      expect(await page.locator('[data-test="sync-error"]').count()).toBe(1);

      for (let flap = 0; flap < FLAPS; flap++) {
        const mode: LinkMode = flap % 2 === 0 ? 'swallow' : 'refuse';
        link.setMode(mode);
        const tried = ingestRequests(mode);
        // Every flap has an entry logged while the link is down, so the outbox has work in each.
        await admitNext();
        await jumpUntil(() => ingestRequests(mode) > tried, PAST_BACKOFF_MS);
        // Up for a few seconds: long enough for a probe or a batch, or for neither.
        link.setMode('up');
        for (let second = 0; second < 3; second++) {
          await page.clock.fastForward(1_000);
          await new Promise((done) => setTimeout(done, 100 + ((flap * 7 + second * 3) % 5) * 100));
        }
      }

      link.setMode('up');
      await jumpUntil(async () => (await unsentShown()) === '0', 5_000);

      const journal = await journalStates(page);
      expect(journal.filter((entry) => entry.state !== 'sent')).toEqual([]);
      const sentIds = journal.map((entry) => entry.id);
      expect(sentIds).toHaveLength(admitted);
      const stored = await server.storedEntryIds();
      expect(tally(sentIds, stored)).toEqual({ sent: admitted, found: admitted, lost: 0, doubled: 0, strangers: 0 });
      const admin = server.accounts.find((account) => account.role === 'admin')!;
      const shown = (await allEntries(server.url, await signInApi(server.url, admin))).map((entry) => entry.id);
      expect(tally(sentIds, shown)).toEqual({ sent: admitted, found: admitted, lost: 0, doubled: 0, strangers: 0 });
      // The doubling case was really met: batches reached the server and their answers were lost.
      const swallowed = ingestRequests('swallow');
      expect(swallowed).toBeGreaterThanOrEqual(FLAPS / 2);
      console.info(
        `uplink-outage drill: ${OUTAGE_MS / 3_600_000} h outage, ${FLAPS} flaps; logged ${admitted}, stored ${stored.length}, shown ${shown.length}, lost 0, doubled 0; ` +
          `batches refused ${ingestRequests('refuse')}, stored with the answer lost ${swallowed}`,
      );
    },
    LONG ? 900_000 : 240_000,
  );
});
