import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { gateLog, slow } from './support/kiosk-page.ts';
import { startParts, type Parts } from './support/parts.ts';
import { ROOT, runCli } from './support/system.ts';

const SIZES = [
  { width: 1024, height: 600 },
  { width: 1280, height: 800 },
] as const;

const shots = resolve(ROOT, 'test-results', 'kiosk-pairing');

/**
 * A kiosk screen and its gate in Chromium: an unpaired screen gets the pairing form (and nothing
 * else), pairs with a code from `npm run gate -- pair`, and goes back to the form, saying why, when
 * the gate's operator unpairs it while it runs; axe-core finds nothing critical or serious on the
 * form. Screenshots go to test-results/kiosk-pairing/.
 */
describe('pairing a kiosk screen with its gate', () => {
  let parts: Parts;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    parts = await startParts();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await parts?.stop();
  });

  /** `npm run gate -- <args>` on the demo gate's data folder. */
  const gateCli = async (...args: string[]): Promise<string> => {
    const result = await runCli('hardware/cli/gate-cli.ts', args, { CHECKPOINT_DATA_DIR: parts.dataDir });
    expect(result.code, result.output).toBe(0);
    return result.output;
  };
  const form = (page: Page) => page.locator('checkpoint-kiosk [data-test="pairing"]');
  const problem = (page: Page) => form(page).getByRole('alert').textContent();
  const pageScrolls = (page: Page) =>
    page.evaluate(() => {
      const root = document.scrollingElement!;
      return root.scrollHeight > innerHeight || root.scrollWidth > innerWidth;
    });

  for (const size of SIZES) {
    it(`shows an unpaired ${size.width}×${size.height} screen the pairing form, in both languages`, async () => {
      const context = await browser.newContext({ viewport: size });
      try {
        const page = await context.newPage();
        await page.goto(`${parts.gateUrl}/`);
        await form(page).waitFor(slow);
        // Nothing of the kiosk behind it: no sign-in, no guard, no modes.
        expect(await page.locator('checkpoint-kiosk kiosk-sign-in').count()).toBe(0);
        expect(await page.locator('checkpoint-kiosk nav.modes').count()).toBe(0);
        for (const lang of ['zh', 'en']) {
          await expect
            .poll(() => form(page).locator('h2').textContent(), slow)
            .toBe(lang === 'zh' ? '本屏幕尚未与闸机配对' : 'This screen is not paired with the gate');
          await page.screenshot({ path: resolve(shots, `${size.width}x${size.height}-form-${lang}.png`) });
          expect(await pageScrolls(page), `${lang}: the page scrolls`).toBe(false);
          const { violations } = await new AxeBuilder({ page }).analyze();
          expect(violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id)).toEqual([]);
          await page.locator('checkpoint-kiosk header button.language').click();
        }
        await form(page).locator('input[name="code"]').fill('000000');
        await form(page).getByRole('button').click();
        await expect.poll(() => problem(page), slow).toMatch(/配对码错误|That code is wrong/);
        await page.screenshot({ path: resolve(shots, `${size.width}x${size.height}-wrong-code.png`) });
        expect(await pageScrolls(page)).toBe(false);
      } finally {
        await context.close();
      }
    }, 60_000);
  }

  it('pairs with the code the gate printed, and returns to the form when the gate unpairs it while it runs', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`${parts.gateUrl}/`);
      await form(page).waitFor(slow);
      const code = /pairing code: (\d{6})/.exec(await gateCli('pair'))?.[1];
      expect(code).toBeDefined();
      await form(page).locator('input[name="code"]').fill(code!);
      await form(page).locator('input[name="name"]').fill('east gate tablet');
      await form(page).getByRole('button').click();
      await page.locator('checkpoint-kiosk kiosk-sign-in select').waitFor(slow);
      await expect.poll(() => page.locator('[data-test="gate-link"]').textContent(), slow).toContain('已连接');
      // The credential is an HttpOnly cookie: the page's scripts cannot read it.
      expect(await page.evaluate(() => document.cookie)).toBe('');
      expect(await gateCli('screens')).toContain('east gate tablet');

      const before = await gateLog(parts.gateUrl);
      expect(await gateCli('unpair', 'east gate tablet')).toContain('unpaired 1 screen');
      await form(page).waitFor(slow);
      await expect.poll(() => problem(page), slow).toContain('闸机已解除本屏幕的配对');
      expect(await page.locator('checkpoint-kiosk kiosk-sign-in').count()).toBe(0);
      await page.screenshot({ path: resolve(shots, '1280x800-unpaired-while-running.png') });
      // A reload does not get past the form either, and the gate took nothing from the screen.
      await page.reload();
      await form(page).waitFor(slow);
      expect(await gateLog(parts.gateUrl)).toEqual(before);
    } finally {
      await context.close();
    }
  }, 90_000);
});
