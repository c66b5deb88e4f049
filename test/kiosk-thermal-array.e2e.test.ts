import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { dockPost, signInKiosk, slow } from './support/kiosk-page.ts';
import { readDemo, startParts, type DemoAccount, type Parts } from './support/parts.ts';
import { ROOT } from './support/system.ts';

const shots = resolve(ROOT, 'test-results', 'kiosk-thermal-array');

/**
 * The demo gate with the simulated GY-MCU90640: its frames cross a real pseudo-terminal to the
 * gate's driver, the face-max reading reaches the kiosk, and the kiosk draws the small frame
 * beside the reading, inside the temperature card, at both kiosk sizes and in both languages.
 */
describe('the kiosk with a thermal array', () => {
  let parts: Parts;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    parts = await startParts({ gateEnv: { CHECKPOINT_DEMO_THERMOMETER: 'thermal-array' } });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await parts?.stop();
  });

  for (const size of [
    { width: 1024, height: 600 },
    { width: 1280, height: 800 },
  ]) {
    it(`shows the hottest face point and the thermal picture at ${size.width}×${size.height}`, async () => {
      const accounts = readDemo<DemoAccount[]>(parts.dataDir, 'demo-accounts.json');
      const passes = readDemo<{ pass: string; name: string }[]>(parts.dataDir, 'demo-passes.json');
      const page = await signInKiosk(await browser.newPage({ viewport: size }), parts.gateUrl, accounts);
      try {
        const person = passes[size.width === 1024 ? 0 : 1]!;
        await dockPost(parts.gateUrl, 'scan', { text: person.pass });
        await expect.poll(() => page.locator('[data-test="person-name"]').textContent(), slow).toBe(person.name);
        await dockPost(parts.gateUrl, 'temperature', { objectC: 38.4, ambientC: 22 });
        await expect.poll(() => page.locator('[data-test="thermal-frame"]').count(), slow).toBe(1);
        await expect.poll(() => page.locator('[data-test="temperature-value"]').textContent(), slow).toContain('38.4');
        const frame = page.locator('[data-test="thermal-frame"]');
        expect(await frame.getAttribute('aria-label')).toBe('热像：圈出的是面部最热点 38.4°C');
        const card = await page.locator('[data-test="temperature"]').boundingBox();
        const box = await frame.boundingBox();
        expect(box!.x).toBeGreaterThanOrEqual(card!.x);
        expect(box!.x + box!.width).toBeLessThanOrEqual(card!.x + card!.width + 1);
        expect(box!.y + box!.height).toBeLessThanOrEqual(size.height);
        await page.screenshot({ path: resolve(shots, `${size.width}x${size.height}-zh.png`) });
        await page.locator('checkpoint-kiosk header button.language').click();
        await expect.poll(() => frame.getAttribute('aria-label'), slow).toContain('hottest point of the face, 38.4°C');
        await page.screenshot({ path: resolve(shots, `${size.width}x${size.height}-en.png`) });
      } finally {
        await page.close();
      }
    });
  }
});
