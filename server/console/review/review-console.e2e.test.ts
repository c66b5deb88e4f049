import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEntries } from '../../gates/ingest.ts';
import { makeEntryRecord } from '../../../test/support/entry-record.ts';
import { SHOTS as shots, slow as wait, startConsoleServer, type ConsoleServer } from '../test-support/console-server.ts';

/**
 * The review pages in headless Chromium against the real server and the built console: the log
 * filtered to fevers, a fever followed up to its close, the hourly chart, and the tabs a property
 * manager gets. Screenshots in both languages land in test-results/.
 */
const COMMUNITY = { username: 'e2e-community', password: 'e2e-community-password', role: 'community' } as const;
const PROPERTY = { username: 'e2e-property', password: 'e2e-property-password', role: 'property' } as const;

describe('review console pages', () => {
  let server: ConsoleServer;
  let url: string;
  let feverPerson: string;

  beforeAll(async () => {
    server = await startConsoleServer({ demo: true, accounts: [COMMUNITY, PROPERTY] });
    url = server.url;
    const { db } = server;
    const seeded = server.seeded!;
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
  }, 120_000);

  afterAll(() => server?.close());

  async function signedIn(account: typeof COMMUNITY | typeof PROPERTY, language: 'zh-CN' | 'en'): Promise<Page> {
    const { page } = await server.open(account, { language, viewport: { width: 1366, height: 900 } });
    await page.goto(url);
    await page.locator('nav a').first().waitFor(wait);
    return page;
  }

  it('filters the log to fevers and follows a fever up to its close', async () => {
    const page = await signedIn(COMMUNITY, 'en');
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
    const page = await signedIn(COMMUNITY, 'zh-CN');
    await page.goto(`${url}/#/figures`);
    await page.locator('cp-figures svg').waitFor(wait);
    expect(await page.locator('cp-figures svg g').count()).toBe(24);
    await expect.poll(() => page.locator('cp-figures tfoot th').nth(1).textContent(), wait).toBe('3');
    expect(await page.locator('cp-figures tfoot th').nth(4).textContent()).toBe('1');
    await page.screenshot({ path: join(shots, 'review-figures-zh-CN.png'), fullPage: true });
    await page.close();
  });

  it('gives property staff the figures and the sweep, not the log or fevers', async () => {
    const page = await signedIn(PROPERTY, 'zh-CN');
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
