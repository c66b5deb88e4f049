import type { Page } from 'playwright-core';
import { SpoolStatus } from '../protocol/spool.ts';
import { makeEntryRecord } from '../test/support/entry-record.ts';
import { journalBundle } from '../test/support/journal-bundle.ts';
import type { GateRig } from './gate-rig.ts';
import { armProbe, installProbe } from './kiosk-probe.ts';
import { summarize, type LatencySummary } from './latency-summary.ts';
import { gateFetch } from '../test/support/gate-screen.ts';

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
 * The scan first, the reading once the person is on screen. A person the kiosk holds for the guard
 * (home observation) would keep every later scan queued behind them, so the bench cancels them as a
 * guard would (logged as abandoned) and answers false: the next one starts on a clear screen.
 */
async function screenScanFirst(rig: GateRig, pass: string, timeoutMs: number): Promise<boolean> {
  const person = await armProbe(rig.kiosk, 'person', timeoutMs);
  const done = await armProbe(rig.kiosk, 'done', timeoutMs);
  rig.scanner.write(`${pass}\r\n`);
  if (!(await person.event)) {
    // Nobody came on screen: the armed wait for "done" runs out too; left dangling, it would outlive the page.
    await done.event;
    return false;
  }
  rig.gun.write('T=36.5C A=21.4C\r\n');
  if ((await done.event) !== null) return true;
  const cancelled = await armProbe(rig.kiosk, 'done', timeoutMs);
  await rig.kiosk.locator('[data-test="abandon"]').click();
  await cancelled.event;
  return false;
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
  /** Logging one entry as the kiosk does: handed to the gate, on its disk (synchronous = FULL), answered. */
  append: LatencySummary;
  /** Server healthy again → nothing unsent in the gate's spool. */
  catchUpMs: number;
  /** Of which: until the forwarder's first batch got through (its health probe saw the server). */
  backoffMs: number;
}

/** The gate's own count of entries the server has not answered for. */
async function unsentAtGate(gateUrl: string): Promise<number> {
  return SpoolStatus.parse(await (await gateFetch(`${gateUrl}/spool/status`)).json()).unsent;
}

/**
 * With the server down, the kiosk page logs `entries` entries as the kiosk does (kiosk/hand-over.ts
 * `logEntry`, bundled: handed to the gate, kept in its spool before it answers), each timed in the
 * page; then the server comes back and the bench times how long until the gate's forwarder has
 * sent them all.
 */
export async function measureOfflineCatchUp(rig: GateRig, entries: number): Promise<OfflineCatchUp> {
  const { kiosk } = rig;
  await rig.stopServer();
  await kiosk.evaluate(await journalBundle());
  await kiosk.evaluate(() => {
    type BenchJournal = { append: (r: unknown) => Promise<void> };
    const global = globalThis as unknown as {
      benchAppend?: unknown;
      CheckpointJournal: { open: () => Promise<BenchJournal> };
      CheckpointLogEntry: (journal: BenchJournal, record: unknown) => Promise<{ where: string }>;
    };
    const opened = global.CheckpointJournal.open();
    global.benchAppend = async (records: unknown[]) => {
      const journal = await opened;
      const times: number[] = [];
      for (const record of records) {
        const start = performance.now();
        const logged = await global.CheckpointLogEntry(journal, record);
        times.push(performance.now() - start);
        if (logged.where !== 'gate') throw new Error('the gate did not take an entry: the bench times the gate path');
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
  const backlog = await unsentAtGate(rig.gateUrl);
  await rig.startServer();
  const upAt = performance.now();
  let firstProgressAt: number | null = null;
  for (;;) {
    const unsent = await unsentAtGate(rig.gateUrl);
    if (firstProgressAt === null && unsent < backlog) firstProgressAt = performance.now();
    if (unsent === 0) break;
    await new Promise((done) => setTimeout(done, 20));
  }
  const syncedAt = performance.now();
  return { entries, append: summarize(times), catchUpMs: syncedAt - upAt, backoffMs: (firstProgressAt ?? syncedAt) - upAt };
}
