import type { Page } from 'playwright-core';

/**
 * How a moment on the kiosk screen is timed against a moment in the bench process.
 *
 * Inside the page a MutationObserver on the kiosk's shadow root (Lit renders the screening view
 * into it) notes, with performance.timeOrigin + performance.now(), when the person's name appears
 * or changes in the DOM, then asks for the next animation frame: that frame is the one that
 * paints the name, so its time is "shown". The bench notes its own moments the same way (Node's
 * timeOrigin + now). Both are wall-clock-anchored monotonic clocks of one machine; their residual
 * offset is measured NTP-style — many page.evaluate round trips, offset = page time minus the
 * midpoint of the round trip with the smallest RTT — so the error is at most half that RTT
 * (printed beside the figures) and the drift is checked again at the end.
 */
export interface ProbeEvent {
  kind: 'person' | 'done';
  name: string | null;
  domAt: number;
  frameAt: number;
}

declare global {
  interface Window {
    benchProbe?: { arm: (kind: ProbeEvent['kind'], timeoutMs: number) => Promise<ProbeEvent | null> };
  }
}

export function nodeEpochMs(perfNow: number = performance.now()): number {
  return performance.timeOrigin + perfNow;
}

export async function clockOffset(page: Page, rounds = 40): Promise<{ offsetMs: number; rttMs: number }> {
  let best = { offsetMs: 0, rttMs: Number.POSITIVE_INFINITY };
  for (let i = 0; i < rounds; i++) {
    const sent = nodeEpochMs();
    const pageAt = await page.evaluate(() => performance.timeOrigin + performance.now());
    const back = nodeEpochMs();
    if (back - sent < best.rttMs) best = { offsetMs: pageAt - (sent + back) / 2, rttMs: back - sent };
  }
  return best;
}

/**
 * The in-page observer, as source text: tsx compiles the bench with esbuild's keepNames, whose
 * `__name` helper does not exist inside the page, so a compiled function cannot be sent there.
 * `done` is a screening that ended (the person left the screen with "logged").
 */
const PROBE_SOURCE = `(() => {
  const root = document.querySelector('checkpoint-kiosk')?.shadowRoot;
  if (!root) throw new Error('no checkpoint-kiosk shadow root on the page');
  // Only counts and the newest event are kept: the probe must not grow the heap it helps measure.
  const counts = { person: 0, done: 0 };
  const waiters = [];
  const probe = {
    arm(kind, timeoutMs) {
      const after = counts[kind];
      return new Promise((resolve) => {
        const waiter = { kind, after, resolve };
        waiters.push(waiter);
        setTimeout(() => { const i = waiters.indexOf(waiter); if (i >= 0) waiters.splice(i, 1); resolve(null); }, timeoutMs);
      });
    },
  };
  window.benchProbe = probe;
  let shown = null;
  function note(kind, name) {
    const event = { kind, name, domAt: performance.timeOrigin + performance.now(), frameAt: Number.NaN };
    counts[kind] += 1;
    const count = counts[kind];
    requestAnimationFrame(() => {
      event.frameAt = performance.timeOrigin + performance.now();
      for (const waiter of [...waiters]) {
        if (waiter.kind === kind && count > waiter.after) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    });
  }
  new MutationObserver(() => {
    const name = root.querySelector('[data-test="person-name"]')?.textContent?.trim() ?? null;
    if (name === shown) return;
    const logged = root.querySelector('[data-test="banner"].logged') !== null;
    if (name !== null) note('person', name);
    else if (logged) note('done', shown);
    shown = name;
  }).observe(root, { subtree: true, childList: true, characterData: true });
})()`;

export async function installProbe(page: Page): Promise<void> {
  await page.evaluate(PROBE_SOURCE);
}

/**
 * Arms a wait in the page for the next event of the kind; the answer resolves with it (null on
 * timeout). Await `armed` before writing to the serial line, then await `event`.
 */
export async function armProbe(
  page: Page,
  kind: ProbeEvent['kind'],
  timeoutMs = 10_000,
): Promise<{ event: Promise<ProbeEvent | null> }> {
  const id = `w${Math.random().toString(36).slice(2)}`;
  await page.evaluate(
    ([k, t, key]) => {
      const store = window as unknown as Record<string, Promise<ProbeEvent | null>>;
      store[key] = window.benchProbe!.arm(k, t);
    },
    [kind, timeoutMs, id] as const,
  );
  return {
    event: page.evaluate((key) => {
      const store = window as unknown as Record<string, Promise<ProbeEvent | null>>;
      const waiting = store[key]!;
      delete store[key];
      return waiting;
    }, id),
  };
}
