import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDigitFor } from '../protocol/index.ts';
import { launchChromium } from './support/browser.ts';
import { consoleWait, openConsole } from './support/console-page.ts';
import { banner, dock, dockPost, openKiosk, slow } from './support/kiosk-page.ts';
import { readDemo, startParts, type DemoAccount, type Parts } from './support/parts.ts';

const BODY = '32010219850315123';
const VISITOR_ID = BODY + checkDigitFor(BODY);
/** Shown raw, the override would make the name read 王明小 and the scan read ABCFED. */
const NAME = '王\u202E小明';
const NAME_SHOWN = '王⟨U+202E⟩小明';

/**
 * A right-to-left override in what a device read reaches the screens as a visible mark, never as
 * reversed text: the kiosk's scanned text and person, and the console's entry log.
 */
describe('invisible characters in what the devices read', () => {
  let parts: Parts;
  let browser: Browser;
  let accounts: DemoAccount[];

  beforeAll(async () => {
    parts = await startParts();
    browser = await launchChromium();
    accounts = readDemo<DemoAccount[]>(parts.dataDir, 'demo-accounts.json');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await parts?.stop();
  });

  it('the kiosk and the console show a bidirectional override as ⟨U+202E⟩', async () => {
    const page = await openKiosk(browser, parts.gateUrl, accounts);
    await dock(parts.gateUrl, 'card', NAME, VISITOR_ID, '2040-03-15', '--from', '2020-03-15');
    await expect.poll(() => page.getByLabel('访客姓名').inputValue(), slow).toBe(NAME);
    await page.getByLabel('手机号').fill('13800138000');
    await page.getByLabel('来访事由').fill('探亲');
    await page.getByLabel('拜访住户').selectOption({ index: 1 });
    await page.getByRole('button', { name: '登记并开始筛查' }).click();
    await expect.poll(() => page.locator('[data-test="person-name"]').textContent(), slow).toBe(NAME_SHOWN);
    await dock(parts.gateUrl, 'temp', '36.4', '22');
    await expect.poll(() => banner(page), slow).toContain(NAME_SHOWN);

    await dockPost(parts.gateUrl, 'scan', { text: 'ABC\u202EDEF' });
    await expect.poll(() => page.locator('[data-test="scanned-text"]').textContent(), slow).toContain('ABC⟨U+202E⟩DEF');
    await page.close();

    const staff = accounts.find((a) => a.role === 'community')!;
    const console = await openConsole(browser, parts.serverUrl, staff, 'zh-CN');
    await console.goto(`${parts.serverUrl}/#/entries`);
    const rows = console.locator('cp-entry-log tbody tr');
    await expect.poll(async () => (await rows.allTextContents()).some((row) => row.includes(NAME_SHOWN)), consoleWait).toBe(true);
    expect((await rows.allTextContents()).join('')).not.toContain('\u202E');
    await console.close();
  }, 180_000);
});
