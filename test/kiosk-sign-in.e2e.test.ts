import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { pairPage } from './support/gate-screen.ts';
import { slow } from './support/kiosk-page.ts';
import { readDemo, startParts, type DemoAccount, type Parts } from './support/parts.ts';
import { ROOT } from './support/system.ts';

const SIZES = [
  { width: 1024, height: 600 },
  { width: 1280, height: 800 },
] as const;

const shots = resolve(ROOT, 'test-results', 'kiosk-sign-in');

/**
 * A guard signing in at the kiosk in Chromium, the PIN checked by the real gate process: wrong PINs
 * say how many tries are left and hold the button through the gate's pause; the fifth locks the
 * guard and the kiosk says until when (the community's clock), and then the right PIN is refused
 * too. Each state in zh-CN and English at 1024×600 and 1280×800, without scrolling, with axe-core
 * finding nothing critical or serious. Screenshots go to test-results/kiosk-sign-in/.
 */
describe('kiosk sign-in with the PIN checked at the gate', () => {
  let parts: Parts;
  let browser: Browser;
  let guard: DemoAccount;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    parts = await startParts();
    browser = await launchChromium();
    guard = readDemo<DemoAccount[]>(parts.dataDir, 'demo-accounts.json').find((a) => a.role === 'guard' && a.pin)!;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await parts?.stop();
  });

  const signIn = (page: Page) => page.locator('checkpoint-kiosk kiosk-sign-in');
  const problem = (page: Page) => signIn(page).locator('[data-test="pin-problem"]').textContent();
  const submit = (page: Page) => signIn(page).locator('button[type="submit"]');
  const pageScrolls = (page: Page) =>
    page.evaluate(() => {
      const root = document.scrollingElement!;
      return root.scrollHeight > innerHeight || root.scrollWidth > innerWidth;
    });

  /** A PIN typed and sent once the button takes it (it waits out the gate's pause); answers the gate's status. */
  async function typePin(page: Page, pin: string): Promise<number> {
    await expect.poll(() => submit(page).isEnabled(), { timeout: 15_000 }).toBe(true);
    await signIn(page).locator('input[name="pin"]').fill(pin);
    const answered = page.waitForResponse((response) => response.url().endsWith('/pin-check'));
    await submit(page).click();
    return (await answered).status();
  }

  /** Screenshots of the state on screen at both sizes and in both languages, back in zh-CN after. */
  async function shoot(page: Page, state: string, expected: { zh: RegExp; en: RegExp }): Promise<void> {
    for (const lang of ['zh', 'en'] as const) {
      await expect.poll(() => problem(page), slow).toMatch(expected[lang]);
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await page.screenshot({ path: resolve(shots, `${size.width}x${size.height}-${state}-${lang}.png`) });
        expect(await pageScrolls(page), `${state} ${lang} ${size.width}: the page scrolls`).toBe(false);
      }
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id)).toEqual([]);
      await page.locator('checkpoint-kiosk header button.language').click();
    }
  }

  it('says tries left, then locks the guard and refuses even the right PIN until the time it shows', async () => {
    const context = await browser.newContext({ viewport: SIZES[1] });
    try {
      const page = await context.newPage();
      await pairPage(page, parts.gateUrl);
      await page.goto(`${parts.gateUrl}/`);
      await signIn(page).getByLabel('选择值班员').selectOption({ label: guard.displayName! });

      expect(await typePin(page, guard.pin === '000001' ? '000002' : '000001')).toBe(403);
      await shoot(page, 'wrong-pin', { zh: /^PIN 码不正确，还可再试 4 次$/, en: /^Wrong PIN\. Tries left: 4$/ });

      await typePin(page, guard.pin === '000003' ? '000004' : '000003');
      // The gate pauses after the second wrong PIN: the kiosk says so and holds the button meanwhile.
      await expect.poll(() => problem(page), slow).toMatch(/^PIN 码不正确，还可再试 3 次。请 1 秒后再试$/);
      expect(await submit(page).isDisabled()).toBe(true);
      for (const pin of ['000005', '000007', '000009']) await typePin(page, pin === guard.pin ? '000011' : pin);

      const lockedZh = /^输错次数过多，此值班员的 PIN 已锁定至 (\d{2}):(\d{2})。/;
      await expect.poll(() => problem(page), slow).toMatch(lockedZh);
      const [, hh, mm] = lockedZh.exec((await problem(page))!)!;
      // Five minutes on, on the community's clock (Asia/Shanghai), whatever this machine's zone.
      const expected = new Intl.DateTimeFormat('zh-CN', {
        timeZone: 'Asia/Shanghai',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).formatToParts(new Date(Date.now() + 5 * 60_000));
      const minutes = (h: string, m: string) => Number(h) * 60 + Number(m);
      const shown = minutes(hh!, mm!);
      const wanted = minutes(expected.find((p) => p.type === 'hour')!.value, expected.find((p) => p.type === 'minute')!.value);
      expect(Math.abs(((shown - wanted + 1440 + 720) % 1440) - 720)).toBeLessThanOrEqual(1);
      await shoot(page, 'locked', {
        zh: lockedZh,
        en: /^Too many wrong PINs: this guard's PIN is locked until \d{2}:\d{2}\. /,
      });

      // The right PIN, while locked: refused, and the guard is still not on duty.
      expect(await typePin(page, guard.pin!)).toBe(429);
      await expect.poll(() => problem(page), slow).toMatch(lockedZh);
      expect(await page.locator('[data-test="guard-name"]').count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 120_000);
});
