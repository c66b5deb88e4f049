import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { openKiosk } from './kiosk-page.ts';
import { readDemo, startParts, type DemoAccount, type DemoPass, type Parts } from './parts.ts';
import { signInApi } from './server-api.ts';
import { ROOT } from './system.ts';

/**
 * What a kiosk test in a real browser starts from: the parts as processes (server, gate service with
 * the simulated kit), Chromium, and the demo seed's accounts and passes.
 */
export interface KioskRig {
  parts: Parts;
  browser: Browser;
  accounts: DemoAccount[];
  passes: DemoPass[];
  /** Where the screenshots go (made). */
  shots: string;
  /** A kiosk page signed in as the demo guard; closed by `closeKiosks`. */
  openKiosk: () => Promise<Page>;
  /**
   * Closes the kiosks `openKiosk` opened. Every kiosk on a gate hears every scan: a page left open
   * by a failed test would log entries too.
   */
  closeKiosks: () => Promise<void>;
  /** The demo community worker signed in to the server's API: the cookie. */
  communityCookie: () => Promise<string>;
  stop: () => Promise<void>;
}

export async function startKioskRig(options: { gateEnv?: Record<string, string> } = {}): Promise<KioskRig> {
  const shots = resolve(ROOT, 'test-results');
  mkdirSync(shots, { recursive: true });
  const parts = await startParts(options);
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (failure) {
    await parts.stop();
    throw failure;
  }
  const accounts = readDemo<DemoAccount[]>(parts.dataDir, 'demo-accounts.json');
  const passes = readDemo<DemoPass[]>(parts.dataDir, 'demo-passes.json');
  const opened: Page[] = [];
  return {
    parts,
    browser,
    accounts,
    passes,
    shots,
    openKiosk: async () => {
      const page = await openKiosk(browser, parts.gateUrl, accounts);
      opened.push(page);
      return page;
    },
    closeKiosks: async () => {
      await Promise.all(opened.splice(0).map((page) => page.close()));
    },
    communityCookie: () =>
      signInApi(
        parts.serverUrl,
        accounts.find((a) => a.role === 'community')!,
      ),
    stop: async () => {
      await browser.close();
      await parts.stop();
    },
  };
}
