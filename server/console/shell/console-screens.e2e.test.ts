import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEntries } from '../../gates/ingest.ts';
import { makeEntryRecord } from '../../../test/support/entry-record.ts';
import { LANGUAGES, type Language } from '../i18n/language.ts';
import { SHOTS, slow, startConsoleServer, type ConsoleServer } from '../test-support/console-server.ts';
import { PAGES } from './pages.ts';

/**
 * Every console screen as an administrator sees it, in both languages, at the office PC's
 * 1280×800 and the small 1024×600: axe-core finds no critical or serious accessibility problem,
 * nothing is wider than the window (the navigation included), and a screenshot of each lands in
 * test-results/console-screens/ to be looked at. The office PC runs on UTC here: the console must
 * still show the community's day and hour.
 */
const ADMIN = { username: 'e2e-admin', password: 'admin-pass-123', role: 'admin' } as const;
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 600 },
] as const;
const SCREENS = join(SHOTS, 'console-screens');

describe('every console screen', () => {
  let server: ConsoleServer;

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    server = await startConsoleServer({ demo: true, accounts: [ADMIN] });
    const seeded = server.seeded!;
    const persons = await server.db.selectFrom('persons').select(['id', 'name', 'category']).orderBy('name').execute();
    const device = { id: seeded.gate.deviceId, gateId: seeded.gate.gateId, communityId: seeded.communityId };
    // The kiosk writes UTC instants; 05:50 this morning in Beijing is the day before in UTC.
    const now = Date.now();
    const records = persons.slice(0, 6).map((person, i) => {
      const ms = now - (6 - i) * 7 * 60_000;
      const at = (offsetS: number) => new Date(ms + offsetS * 1000).toISOString();
      const fever = i === 2;
      // A screening the page closed on after a high first reading: a fever case never decided at the gate.
      const abandoned = i === 1;
      if (abandoned)
        return makeEntryRecord(
          { deviceId: device.id, gateId: device.gateId },
          {
            id: uuidv7({ msecs: ms }),
            occurredAt: at(0),
            subject: { category: person.category, personId: person.id, name: null, idHash: null, idMasked: null, scan: null },
            readings: [{ valueC: 37.8, source: 'infrared', at: at(0), ambientC: 3 }],
            decision: 'abandoned',
            reason: 'page-closed',
            flags: ['fever'],
          },
        );
      return makeEntryRecord(
        { deviceId: device.id, gateId: device.gateId },
        {
          id: uuidv7({ msecs: ms }),
          occurredAt: at(0),
          subject: { category: person.category, personId: person.id, name: null, idHash: null, idMasked: null, scan: null },
          readings: fever
            ? [
                { valueC: 38.6, source: 'infrared', at: at(-120), ambientC: 3 },
                { valueC: 38.4, source: 'infrared', at: at(-80), ambientC: 3 },
                { valueC: 38.2, source: 'axillary', at: at(0), ambientC: null },
              ]
            : [{ valueC: 36.4 + i / 10, source: 'infrared', at: at(0), ambientC: 3 }],
          decision: fever ? 'referred' : 'admitted',
          flags: fever ? ['fever'] : [],
        },
      );
    });
    await ingestEntries(server.db, device, records, new Date().toISOString());
  }, 120_000);

  afterAll(() => server?.close());

  /** A page is ready when its heading shows and nothing says it is still loading. */
  async function settled(page: Page): Promise<void> {
    await page.locator('main h2').first().waitFor(slow);
    await expect
      .poll(() => page.locator('main').evaluate((main) => /正在加载|Loading…/.test((main as HTMLElement).innerText)), slow)
      .toBe(false);
  }

  async function open(language: Language, size: (typeof SIZES)[number]): Promise<Page> {
    const { page } = await server.open(ADMIN, { language, viewport: size, timezoneId: 'UTC' });
    return page;
  }

  for (const language of LANGUAGES)
    it(`${language}: no critical or serious axe violation, nothing wider than the window, a screenshot at both sizes`, async () => {
      for (const size of SIZES) {
        const page = await open(language, size);
        for (const screen of PAGES) {
          await page.goto(`${server.url}/#/${screen.id}`);
          await settled(page);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect([screen.id, size.width, overflow]).toEqual([screen.id, size.width, 0]);
          // One nav line per level: a label that broke mid-word or tabs that wrapped would be taller.
          const navRows = await page
            .locator('nav ul')
            .evaluateAll((lists) => lists.map((ul) => ul.getBoundingClientRect().height));
          for (const height of navRows) expect(height).toBeLessThan(50);
          await page.screenshot({
            path: join(SCREENS, `${screen.id}-${language}-${size.width}x${size.height}.png`),
            fullPage: false,
          });
          if (size.width === 1280) {
            const { violations } = await new AxeBuilder({ page }).analyze();
            const grave = violations
              .filter((v) => v.impact === 'critical' || v.impact === 'serious')
              .map((v) => `${screen.id}: ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes[0]?.target.join(' ')}`);
            expect(grave).toEqual([]);
          }
        }
        await page.context().close();
      }
    }, 240_000);

  it('the sign-in screen: no critical or serious axe violation, in both languages and sizes', async () => {
    for (const language of LANGUAGES)
      for (const size of SIZES) {
        const context = await server.browser.newContext({ viewport: size });
        await context.addInitScript((l) => localStorage.setItem('checkpoint.console.language', l), language);
        const page = await context.newPage();
        await page.goto(server.url);
        await page.locator('cp-sign-in input').first().waitFor(slow);
        await page.screenshot({ path: join(SCREENS, `sign-in-${language}-${size.width}x${size.height}.png`) });
        const { violations } = await new AxeBuilder({ page }).analyze();
        expect(violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id)).toEqual([]);
        await context.close();
      }
  }, 60_000);

  it('shows the reading that decided and every reading, on the community clock while the PC runs on UTC', async () => {
    const page = await open('zh-CN', SIZES[0]);
    await page.goto(`${server.url}/#/fevers?`);
    const event = page.locator('cp-fever-events article').first();
    await event.waitFor(slow);
    const text = (await event.textContent()) ?? '';
    expect(text).toMatch(/38\.2 °C · 腋温/);
    expect(text).toContain('38.6 °C · 红外');
    expect(await event.locator('li.decided').textContent()).toContain('38.2');
    const shown = await event.locator('.title .num').textContent();
    const occurred = await server.db.selectFrom('fever_events').select('occurred_at').executeTakeFirstOrThrow();
    const beijing = new Date(Date.parse(occurred.occurred_at) + 8 * 3600_000).toISOString();
    expect(shown).toBe(`${beijing.slice(0, 10)} ${beijing.slice(11, 19)}`);
    await page.context().close();
  });

  it('says, in the entry log and the fever list, that a screening was not finished and why', async () => {
    const said = { 'zh-CN': '未完成筛查（页面关闭）', en: 'Screening not finished (the page closed)' } as const;
    for (const language of LANGUAGES) {
      const page = await open(language, SIZES[0]);
      await page.goto(`${server.url}/#/fevers?`);
      const marked = page.locator('cp-fever-events [data-test="abandoned"]');
      await expect.poll(() => marked.allTextContents(), slow).toEqual([said[language]]);
      const event = page.locator('cp-fever-events article').filter({ has: marked });
      expect(await event.textContent()).toContain('37.8 °C');
      await page.goto(`${server.url}/#/entries`);
      const row = page.getByRole('row').filter({ hasText: said[language] });
      await expect.poll(() => row.count(), slow).toBe(1);
      expect(await row.textContent()).toContain('37.8 °C');
      await page.context().close();
    }
  });

  it('looks contacts up by a person’s address or phone tail, not an internal id', async () => {
    const page = await open('zh-CN', SIZES[0]);
    await page.goto(`${server.url}/#/contacts`);
    const contacts = page.locator('cp-contacts');
    const [person] = await server.db
      .selectFrom('persons')
      .innerJoin('households', 'households.id', 'persons.household_id')
      .select(['persons.name', 'persons.phone', 'households.building', 'households.unit', 'households.room'])
      .orderBy('persons.name')
      .limit(1)
      .execute();
    await contacts.locator('input[name=who]').fill(person!.phone!.slice(-4));
    await contacts.getByRole('button', { name: '查找' }).click();
    await expect.poll(() => page.evaluate(() => location.hash), slow).toMatch(/^#\/contacts\?person=/);
    await expect.poll(() => contacts.locator('h3').first().textContent(), slow).toBe('查询依据的通行记录');
    await contacts.locator('input[name=who]').fill(`${person!.building}${person!.unit}${person!.room}`);
    await contacts.getByRole('button', { name: '查找' }).click();
    await expect.poll(() => contacts.getByRole('row').filter({ hasText: person!.name }).count(), slow).toBeGreaterThan(0);
    await page.context().close();
  });
});
