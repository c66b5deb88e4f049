import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_PATH } from './browser.ts';

/**
 * A Chromium we start ourselves on a profile folder of the test's own, so the test can SIGKILL it
 * mid-work — as a power cut or a crashed kiosk would — and start it again on the same profile.
 */
export interface KillableBrowser {
  browser: Browser;
  kill: () => Promise<void>;
}

export async function launchKillable(profileDir: string): Promise<KillableBrowser> {
  const child: ChildProcess = spawn(
    CHROMIUM_PATH,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--remote-debugging-port=0',
      `--user-data-dir=${profileDir}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const endpoint = await new Promise<string>((done, fail) => {
    let text = '';
    const timer = setTimeout(() => fail(new Error(`Chromium did not start:\n${text}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        done(match[1]!);
      }
    });
  });
  const browser = await chromium.connectOverCDP(endpoint);
  return {
    browser,
    kill: async () => {
      await new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGKILL');
      });
      // As the kiosk launcher does (hardware/deploy/checkpoint-kiosk.sh): the dead browser's helper
      // processes (IndexedDB's storage service among them) outlive it for a moment, holding the
      // profile's databases; the next start waits until they are gone.
      while (profileInUse(profileDir)) await new Promise((done) => setTimeout(done, 50));
    },
  };
}

/** Whether a live process (a zombie has no command line) still runs with this profile folder. */
function profileInUse(profileDir: string): boolean {
  const flag = `--user-data-dir=${profileDir}`;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(flag)) return true;
    } catch {
      // ended while we looked
    }
  }
  return false;
}
