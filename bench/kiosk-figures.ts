import type { Page } from 'playwright-core';
import { makeEntryRecord } from '../test/support/entry-record.ts';
import { journalBundle } from '../test/support/journal-bundle.ts';
import type { GateRig } from './gate-rig.ts';
import { armProbe, installProbe } from './kiosk-probe.ts';
import { summarize, type LatencySummary } from './latency-summary.ts';

async function usedHeapBytes(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

/**
 * One zero-touch screening: the gun's reading, then the scan (the kiosk carries a fresh reading
 * over to the person scanned next), then wait for "logged" and the person leaving the screen.
 */
async function screenOnce(rig: GateRig, pass: string, index: number, timeoutMs: number): Promise<boolean> {
  const done = await armProbe(rig.kiosk, 'done', timeoutMs);
  rig.gun.write(`T=36.${4 + (index % 3)}C A=21.4C\r\n`);
  rig.scanner.write(`${pass}\r\n`);
  return (await done.event) !== null;
}

/**
 * The scan first, the reading once the person is on screen: a person the kiosk holds for the
 * guard (home observation going out) is replaced by the next scan, so this one always starts clean.
 */
async function screenScanFirst(rig: GateRig, pass: string, timeoutMs: number): Promise<boolean> {
  const person = await armProbe(rig.kiosk, 'person', timeoutMs);
  const done = await armProbe(rig.kiosk, 'done', timeoutMs);
  rig.scanner.write(`${pass}\r\n`);
  if (!(await person.event)) return false;
  rig.gun.write('T=36.5C A=21.4C\r\n');
  return (await done.event) !== null;
}

export interface KioskHeap {
  smallCount: number;
  largeCount: number;
  smallBytes: number;
  largeBytes: number;
  growth: number;
  screeningsPerSecond: number;
  failed: number;
  /** What the screen showed at the first few screenings that were not logged in time. */
  failedScreens: string[];
}

function screenText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const root = document.querySelector('checkpoint-kiosk')?.shadowRoot;
    const text = (test: string) => root?.querySelector(`[data-test="${test}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '-';
    return ['person-name', 'verdict', 'notice', 'banner', 'unreliable'].map((t) => `${t}: ${text(t)}`).join(' | ');
  });
}

/**
 * The kiosk's JS heap (after forced GC, CDP Runtime.getHeapUsage) after `small` and after `large`
 * screenings driven through the serial lines exactly as a scanner and gun would, each auto-admitted
 * and journalled. Residents whose screening stops for the guard (home observation) are left out.
 */
export async function measureKioskHeap(rig: GateRig, small: number, large: number): Promise<KioskHeap> {
  await installProbe(rig.kiosk);
  const passes: string[] = [];
  for (const candidate of rig.passes) if (await screenScanFirst(rig, candidate.pass, 3_000)) passes.push(candidate.pass);
  if (passes.length === 0) throw new Error('no demo resident passes the kiosk without a touch');
  if (!(await screenScanFirst(rig, passes[0]!, 10_000))) throw new Error('the kiosk did not log a zero-touch screening');
  let failed = 0;
  const failedScreens: string[] = [];
  let done = 0;
  const runTo = async (target: number) => {
    for (; done < target; done++) {
      if (await screenOnce(rig, passes[done % passes.length]!, done, 10_000)) continue;
      failed += 1;
      if (failedScreens.length < 3) failedScreens.push(await screenText(rig.kiosk));
    }
  };
  await runTo(small);
  const smallBytes = await usedHeapBytes(rig.kiosk);
  const started = performance.now();
  await runTo(large);
  const seconds = (performance.now() - started) / 1000;
  const largeBytes = await usedHeapBytes(rig.kiosk);
  return {
    smallCount: small,
    largeCount: large,
    smallBytes,
    largeBytes,
    growth: largeBytes / smallBytes - 1,
    screeningsPerSecond: (large - small) / seconds,
    failed,
    failedScreens,
  };
}

export interface OfflineCatchUp {
  entries: number;
  append: LatencySummary;
  /** Server healthy again → nothing unsent in the kiosk's journal. */
  catchUpMs: number;
  /** Of which: waiting out the outbox's back-off before its first successful batch. */
  backoffMs: number;
}

/** The journal's own count, not the status bar: the bar only changes when the outbox next publishes. */
function unsentInJournal(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as { benchUnsent: () => Promise<number> }).benchUnsent());
}

/**
 * With the server down, the kiosk page logs `entries` entries as the kiosk does (kiosk/gate-copy.ts
 * `logEntry`, bundled: a strict-durability IndexedDB transaction plus the gate copy), each timed in
 * the page; then the server comes back and the bench times how long until the journal holds none
 * unsent.
 */
export async function measureOfflineCatchUp(rig: GateRig, entries: number): Promise<OfflineCatchUp> {
  const { kiosk } = rig;
  await rig.stopServer();
  await kiosk.evaluate(await journalBundle());
  await kiosk.evaluate(() => {
    type BenchJournal = { append: (r: unknown) => Promise<void>; count: (state: 'unsent') => Promise<number> };
    const global = globalThis as unknown as {
      benchAppend?: unknown;
      benchUnsent?: unknown;
      CheckpointJournal: { open: () => Promise<BenchJournal> };
      CheckpointLogEntry: (journal: BenchJournal, record: unknown) => Promise<unknown>;
    };
    const opened = global.CheckpointJournal.open();
    global.benchUnsent = async () => (await opened).count('unsent');
    global.benchAppend = async (records: unknown[]) => {
      const journal = await opened;
      const times: number[] = [];
      for (const record of records) {
        const start = performance.now();
        await global.CheckpointLogEntry(journal, record);
        times.push(performance.now() - start);
      }
      return times;
    };
  });
  const times: number[] = [];
  for (let start = 0; start < entries; start += 500) {
    const records = Array.from({ length: Math.min(500, entries - start) }, () =>
      makeEntryRecord(rig.gate, { occurredAt: new Date().toISOString() }),
    );
    times.push(
      ...(await kiosk.evaluate(
        (batch) => (globalThis as unknown as { benchAppend: (r: unknown[]) => Promise<number[]> }).benchAppend(batch),
        records,
      )),
    );
  }
  await rig.startServer();
  const upAt = performance.now();
  let firstProgressAt: number | null = null;
  for (;;) {
    const unsent = await unsentInJournal(kiosk);
    if (firstProgressAt === null && unsent < entries) firstProgressAt = performance.now();
    if (unsent === 0) break;
    await new Promise((done) => setTimeout(done, 20));
  }
  const syncedAt = performance.now();
  return { entries, append: summarize(times), catchUpMs: syncedAt - upAt, backoffMs: (firstProgressAt ?? syncedAt) - upAt };
}

export interface GateCopyRestore {
  /** Entries the new screen took back. */
  restored: number;
  /** Page opened → the kiosk has compared its journal with the gate copy and taken back what it lacked. */
  restoreMs: number;
}

/**
 * A new screen at the gate (a fresh browser context, an empty IndexedDB) takes back everything the
 * gate copy holds: by now the heap run's screenings and the offline entries.
 */
export async function measureGateCopyRestore(rig: GateRig): Promise<GateCopyRestore> {
  const context = await rig.browser.newContext();
  try {
    const page = await context.newPage();
    const start = performance.now();
    await page.goto(`${rig.gateUrl}/`);
    await page.locator('checkpoint-kiosk[journal-checked]').waitFor({ timeout: 600_000 });
    const restoreMs = performance.now() - start;
    const restored = await page.evaluate(
      () => (document.querySelector('checkpoint-kiosk') as unknown as { restored: number }).restored,
    );
    return { restored, restoreMs };
  } finally {
    await context.close();
  }
}
