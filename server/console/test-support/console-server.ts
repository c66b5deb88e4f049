import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { build } from 'vite';
import type { UserRole } from '../../../protocol/review.ts';
import { launchChromium } from '../../../test/support/browser.ts';
import type { AppDeps } from '../../app-deps.ts';
import { buildApp } from '../../app.ts';
import { openDataDir } from '../../setup/data-dir.ts';
import type { Database } from '../../db/schema.ts';
import type { ServerKeys } from '../../setup/keys.ts';
import { seedDemo, type SeedResult } from '../../setup/seed.ts';
import { createUser } from '../../accounts/sessions.ts';

/**
 * What every console browser test sets up once: the console built from source (so a test run
 * alone never reads a stale dist/), a real server on its own data folder and port, accounts, and
 * Chromium; pages open signed in, in a chosen language, size and clock zone.
 */
export const ROOT = resolve(import.meta.dirname, '../../..');
export const SHOTS = resolve(ROOT, 'test-results');
export const slow = { timeout: 15_000 };

export type ConsoleLanguage = 'zh-CN' | 'en';

export interface ConsoleAccount {
  username: string;
  password: string;
  role: UserRole;
  /** The tree node the account sits at (the top when not given). */
  orgNodeId?: string;
}

export interface OpenOptions {
  language?: ConsoleLanguage;
  viewport?: { width: number; height: number };
  /** The office PC's clock zone; the console must show the community's zone whatever this is. */
  timezoneId?: string;
}

export interface ConsoleServer {
  url: string;
  db: Kysely<Database>;
  keys: ServerKeys;
  browser: Browser;
  /** Present when the demo community was seeded. */
  seeded: Extract<SeedResult, { created: true }> | null;
  /** A fresh browser context signed in as `account` (through the API, as the form would). */
  open(account: ConsoleAccount, options?: OpenOptions): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * The text a component shows, its shadow roots included: `textContent` of a Lit element's host
 * reads only its light DOM (empty), so a "does not contain" on it could never fail.
 */
export function shownText(locator: Locator): Promise<string> {
  return locator.evaluate((element) => {
    const walk = (node: Node): string =>
      node.nodeType === Node.TEXT_NODE
        ? (node.textContent ?? '')
        : [...((node as Element).shadowRoot?.childNodes ?? []), ...node.childNodes].map(walk).join('');
    return walk(element);
  });
}

/** Waits for the page's heading and for every "loading" on it to go. */
export async function settled(page: Page): Promise<void> {
  await page.locator('main h2').first().waitFor(slow);
  await page.waitForFunction(() => !/正在加载|Loading…/.test(document.querySelector('main')?.innerText ?? ''), undefined, slow);
}

let built: Promise<string> | null = null;

/** Builds the console once per test process into a temporary folder. */
export function buildConsole(): Promise<string> {
  built ??= (async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'cp-console-build-'));
    await build({
      configFile: resolve(ROOT, 'vite.config.ts'),
      mode: 'console',
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true },
    });
    return outDir;
  })();
  return built;
}

export async function startConsoleServer(options: {
  accounts: readonly ConsoleAccount[];
  /** Seed the demo community (households, persons, a gate and its device). */
  demo?: boolean;
  /** Anything else the test needs in the database before the server starts. */
  prepare?: (store: { db: Kysely<Database>; keys: ServerKeys; dataDir: string }) => Promise<void>;
  /** More of the server's setup (a backup folder and key), made in its data folder. */
  deps?: (dataDir: string) => Partial<AppDeps>;
}): Promise<ConsoleServer> {
  mkdirSync(SHOTS, { recursive: true });
  const consoleDir = await buildConsole();
  const dataDir = mkdtempSync(join(tmpdir(), 'cp-console-e2e-'));
  const store = await openDataDir(dataDir);
  let seeded: ConsoleServer['seeded'] = null;
  if (options.demo) {
    const result = await seedDemo({ ...store, dataDir, serverUrl: 'http://127.0.0.1:1' });
    if (!result.created) throw new Error('fresh data dir expected');
    seeded = result;
  }
  const now = new Date().toISOString();
  for (const account of options.accounts) await createUser(store.db, { ...account, now });
  await options.prepare?.({ ...store, dataDir });
  const app: FastifyInstance = await buildApp({ ...store, logger: false, consoleDir, ...options.deps?.(dataDir) });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();

  return {
    url,
    db: store.db,
    keys: store.keys,
    browser,
    seeded,
    async open(account, open = {}) {
      const context = await browser.newContext({
        viewport: open.viewport ?? { width: 1280, height: 800 },
        timezoneId: open.timezoneId ?? 'Asia/Shanghai',
      });
      await context.addInitScript(
        (language) => localStorage.setItem('checkpoint.console.language', language),
        open.language ?? 'zh-CN',
      );
      const page = await context.newPage();
      const login = await page.request.post(`${url}/api/v1/session`, {
        data: { username: account.username, password: account.password },
      });
      if (!login.ok()) throw new Error(`sign-in as ${account.username} failed: ${login.status()}`);
      return { context, page };
    },
    async close() {
      await browser.close();
      await app.close();
      await store.db.destroy();
    },
  };
}
