import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { openDataDir } from '../../data-dir.ts';
import type { Database } from '../../db/schema.ts';
import { ingestEntries } from '../../ingest.ts';
import { seedDemo } from '../../seed.ts';
import { createUser } from '../../sessions.ts';
import { makeEntryRecord } from '../../test-support/entries.ts';
import { launchChromium } from '../../../test/support/browser.ts';
import { openConsole } from '../../../test/support/console-page.ts';
import { ROOT } from '../../../test/support/system.ts';

/**
 * The review pages in headless Chromium against the real server and the built console: the log
 * filtered to fevers, a fever followed up to its close, the hourly chart, and the tabs a property
 * manager gets. Screenshots in both languages land in test-results/.
 */
const consoleDir = resolve(ROOT, 'dist/console');
const shots = resolve(ROOT, 'test-results');
const wait = { timeout: 15_000 };

describe('review console pages', () => {
  // `npm test` builds the pages first; run alone, say why rather than skip silently.
  if (!existsSync(join(consoleDir, 'index.html'))) throw new Error('console not built: run npm run build first');

  let db: Kysely<Database>;
  let app: FastifyInstance;
  let url: string;
  let browser: Browser;
  let feverPerson: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'cp-review-e2e-'));
    const opened = await openDataDir(dir);
    db = opened.db;
    const seeded = await seedDemo({ db, keys: opened.keys, dataDir: dir, serverUrl: 'http://127.0.0.1:1' });
    if (!seeded.created) throw new Error('the demo community was not created');
    for (const [username, role] of [
      ['e2e-community', 'community'],
      ['e2e-property', 'property'],
    ] as const) {
      await createUser(db, { username, password: `${username}-password`, role, now: new Date().toISOString() });
    }
    const persons = await db.selectFrom('persons').select(['id', 'category']).orderBy('id').limit(3).execute();
    feverPerson = persons[0]!.id;
    const device = { id: seeded.gate.deviceId, gateId: seeded.gate.gateId, communityId: seeded.communityId };
    const now = Date.now();
    const records = persons.map((person, i) => {
      const ms = now - (3 - i) * 10 * 60_000;
      const local = new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');
      const fever = i === 0;
      return makeEntryRecord(
        { deviceId: device.id, gateId: device.gateId },
        {
          id: uuidv7({ msecs: ms }),
          occurredAt: local,
          subject: { category: person.category, personId: person.id, name: null, idHash: null, idMasked: null, scan: null },
          readings: [{ valueC: fever ? 38.3 : 36.5, source: 'infrared', at: local, ambientC: 5 }],
          decision: fever ? 'referred' : 'admitted',
          flags: fever ? ['fever'] : [],
        },
      );
    });
    await ingestEntries(db, device, records, new Date().toISOString());
    app = await buildApp({ db, keys: opened.keys, logger: false, consoleDir });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.destroy();
  });

  function signedIn(username: string, language: 'zh-CN' | 'en'): Promise<Page> {
    return openConsole(browser, url, { username, password: `${username}-password` }, language);
  }

  it('filters the log to fevers and follows a fever up to its close', async () => {
    const page = await signedIn('e2e-community', 'en');
    await page.goto(`${url}/#/entries?flag=fever`);
    await page.reload();
    await expect.poll(() => page.locator('cp-entry-log tbody tr').count(), wait).toBe(1);
    await expect.poll(() => page.locator('cp-entry-log tbody tr').first().textContent(), wait).toContain('38.3');
    await page.screenshot({ path: join(shots, 'review-log-fever-en.png'), fullPage: true });

    await page.goto(`${url}/#/fevers`);
    const event = page.locator('cp-fever-events article').first();
    await event.waitFor(wait);
    await event.locator('select').selectOption('axillary');
    await event.locator('input[name=valueC]').fill('37.9');
    await event.locator('button[type=submit]').click();
    await expect.poll(() => event.locator('ol li').count(), wait).toBe(1);
    expect(await event.locator('ol li').first().textContent()).toContain('Axillary reading');
    expect(await event.locator('ol li').first().textContent()).toContain('37.9 °C');
    await event.locator('select').selectOption('closed');
    await event.locator('button[type=submit]').click();
    await expect.poll(() => event.locator('.status').textContent(), wait).toBe('Closed');
    expect(await event.locator('form').count()).toBe(0);
    await page.screenshot({ path: join(shots, 'review-fevers-en.png'), fullPage: true });

    await page.goto(`${url}/#/timeline?person=${feverPerson}`);
    await page.reload();
    await expect.poll(() => page.locator('cp-person-timeline tbody tr').count(), wait).toBe(1);
    await page.close();
  });

  it('draws the hourly chart and the day totals', async () => {
    const page = await signedIn('e2e-community', 'zh-CN');
    await page.goto(`${url}/#/figures`);
    await page.locator('cp-figures svg').waitFor(wait);
    expect(await page.locator('cp-figures svg g').count()).toBe(24);
    await expect.poll(() => page.locator('cp-figures tfoot th').nth(1).textContent(), wait).toBe('3');
    expect(await page.locator('cp-figures tfoot th').nth(4).textContent()).toBe('1');
    await page.screenshot({ path: join(shots, 'review-figures-zh-CN.png'), fullPage: true });
    await page.close();
  });

  it('gives property staff the figures and the sweep, not the log or fevers', async () => {
    const page = await signedIn('e2e-property', 'zh-CN');
    const tabs = await page.locator('nav a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(tabs).toEqual(expect.arrayContaining(['#/figures', '#/sweep']));
    expect(tabs).not.toContain('#/entries');
    expect(tabs).not.toContain('#/fevers');
    await page.goto(`${url}/#/sweep`);
    await page.locator('cp-sweep table').first().waitFor(wait);
    await page.screenshot({ path: join(shots, 'review-sweep-zh-CN.png'), fullPage: true });
    await page.close();
  });
});
