import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterSnapshot } from '../../protocol/index.ts';
import { launchChromium } from '../support/browser.ts';
import { startCuttableLink, type CuttableLink, type LinkMode } from '../support/cuttable-link.ts';
import { admitWithPass, gateLog, signInKiosk } from '../support/kiosk-page.ts';
import { readDemo } from '../support/parts.ts';
import { allEntries, signInApi } from '../support/server-api.ts';
import { LONG, tally } from './batch-sender.ts';
import { startGateProcess, type GateProcess, type SpoolTiming } from './gate-process.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { gateFetch } from '../support/gate-screen.ts';

/*
 * Drill: the network between the gate service and the community server goes down for a long
 * stretch, then flaps — down, up for a moment, down again — then stays up. The kiosk in Chromium
 * keeps logging entries through the real gate service the whole time; the gate's spool keeps them
 * and its forwarder retries. A TCP link in the test sits between gate and server and is cut by
 * refusing connections, or by letting a batch reach the server and dropping the answer (the batch
 * is stored, the gate never hears so). The gate runs with its back-off shortened sixty-fold by
 * configuration (a second for a minute), so an outage of many longest back-offs passes in seconds;
 * the forwarder's own timing over hours is its unit test's (hardware/spool/forwarder.test.ts, on
 * fake timers). Counted: entries in the gate's spool, rows in the database, entries the review API
 * shows — by id, nothing lost and nothing doubled.
 */

const TIMING: SpoolTiming = { probeMs: 200, baseBackoffMs: 100, maxBackoffMs: 1_000 };
/** The outage, in longest back-offs. */
const OUTAGE_BACKOFFS = LONG ? 360 : 12;
const ENTRIES_IN_OUTAGE = LONG ? 12 : 3;
const FLAPS = LONG ? 40 : 6;

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
  gate = await startGateProcess(server.dataDir, link.url, { spool: TIMING });
  const roster = (await (await gateFetch(`${gate.url}/uplink/roster`)).json()) as RosterSnapshot;
  // People under watch are held at the gate for the guard; the drill wants plain admissions.
  const watched = new Set(roster.watch.flatMap((w) => [w.personId, w.householdId]));
  people = readDemo<DemoPass[]>(server.dataDir, 'demo-passes.json').filter((p) => {
    const person = roster.persons.find((q) => q.id === p.personId);
    return person && !watched.has(person.id) && !watched.has(person.householdId);
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
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

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

let admitted = 0;
async function admitNext(): Promise<void> {
  await admitWithPass(page, gate.url, people[admitted % people.length]!);
  admitted++;
}

describe('gate to server link down for long, then flapping, then up', () => {
  it(
    `delivers every entry logged meanwhile exactly once (${ENTRIES_IN_OUTAGE} in an outage of ${OUTAGE_BACKOFFS} longest back-offs, ${FLAPS} flaps)`,
    async () => {
      expect(people.length).toBeGreaterThanOrEqual(2);
      await signInKiosk(page, gate.url, server.accounts);
      await admitNext();
      await expect.poll(unsentShown, { timeout: 30_000 }).toBe('0');

      link.setMode('refuse');
      for (let i = 0; i < ENTRIES_IN_OUTAGE; i++) await admitNext();
      for (let stretch = 0; stretch < OUTAGE_BACKOFFS / 4; stretch++) {
        const tried = ingestRequests('refuse');
        await sleep(4 * TIMING.maxBackoffMs);
        // Still trying after many back-offs: each stretch of the outage ends in more attempts.
        expect(ingestRequests('refuse')).toBeGreaterThan(tried);
      }
      await expect.poll(unsentShown).toBe(String(ENTRIES_IN_OUTAGE));
      expect(await page.locator('[data-test="sync-error"]').count()).toBe(1);

      for (let flap = 0; flap < FLAPS; flap++) {
        const mode: LinkMode = flap % 2 === 0 ? 'swallow' : 'refuse';
        link.setMode(mode);
        const tried = ingestRequests(mode);
        // Every flap has an entry logged while the link is down, so the forwarder has work in each.
        await admitNext();
        await expect.poll(() => ingestRequests(mode), { timeout: 30_000 }).toBeGreaterThan(tried);
        // Up for a moment: long enough for a probe or a batch, or for neither.
        link.setMode('up');
        await sleep(100 + ((flap * 7) % 5) * 100);
      }

      link.setMode('up');
      await expect.poll(unsentShown, { timeout: 60_000 }).toBe('0');

      const spooled = await gateLog(gate.url);
      expect(spooled.filter((entry) => entry.state !== 'sent')).toEqual([]);
      const loggedIds = spooled.map((entry) => entry.id);
      expect(loggedIds).toHaveLength(admitted);
      const stored = await server.storedEntryIds();
      expect(tally(loggedIds, stored)).toEqual({ sent: admitted, found: admitted, lost: 0, doubled: 0, strangers: 0 });
      const admin = server.accounts.find((account) => account.role === 'admin')!;
      const shown = (await allEntries(server.url, await signInApi(server.url, admin))).map((entry) => entry.id);
      expect(tally(loggedIds, shown)).toEqual({ sent: admitted, found: admitted, lost: 0, doubled: 0, strangers: 0 });
      // The doubling case was really met: batches reached the server and their answers were lost.
      const swallowed = ingestRequests('swallow');
      expect(swallowed).toBeGreaterThanOrEqual(FLAPS / 2);
      console.info(
        `uplink-outage drill: outage of ${OUTAGE_BACKOFFS} longest back-offs, ${FLAPS} flaps; logged ${admitted}, stored ${stored.length}, shown ${shown.length}, lost 0, doubled 0; ` +
          `batches refused ${ingestRequests('refuse')}, stored with the answer lost ${swallowed}`,
      );
    },
    LONG ? 900_000 : 240_000,
  );
});
