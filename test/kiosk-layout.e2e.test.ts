import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterSnapshot } from '../protocol/index.ts';
import { banner, dockPost, signInKiosk, slow } from './support/kiosk-page.ts';
import { startKioskRig, type KioskRig } from './support/kiosk-rig.ts';
import type { DemoAccount, DemoPass, Parts } from './support/parts.ts';
import { ROOT } from './support/system.ts';
import { gateFetch, pairPage } from './support/gate-screen.ts';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const SIZES = [
  { width: 1024, height: 600 },
  { width: 1280, height: 800 },
] as const;

const shots = resolve(ROOT, 'test-results', 'kiosk-layout');

/** Whatever does not fit its box inside the kiosk: content clipped, or a region that would scroll. */
function overflowing(page: Page): Promise<string[]> {
  return page.locator('checkpoint-kiosk').evaluate((host) => {
    const root = host.shadowRoot!;
    const found: string[] = [];
    const page = document.scrollingElement!;
    if (page.scrollHeight > innerHeight || page.scrollWidth > innerWidth)
      found.push(`page scrolls: ${page.scrollWidth}×${page.scrollHeight} in ${innerWidth}×${innerHeight}`);
    const selectors = [
      'header',
      'nav.modes',
      'nav.modes > button',
      '.statusbar',
      '.status',
      '.pill',
      '.message-slot',
      '.message-slot > *',
      '.card',
      '.decisions',
      '.decision',
    ];
    for (const selector of selectors) {
      root.querySelectorAll<HTMLElement>(selector).forEach((el, i) => {
        if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
          found.push(
            `${selector}[${i}] "${el.textContent?.trim().slice(0, 40)}": ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`,
          );
      });
    }
    return found;
  });
}

/** axe-core's critical and serious findings on the page as it stands (the kiosk's shadow DOM included). */
async function graveViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes[0]?.target.join(' ')}`);
}

async function decisionBoxes(page: Page): Promise<Box[]> {
  const boxes: Box[] = [];
  for (const slot of ['1', '2', '3']) {
    const box = await page.locator(`checkpoint-kiosk .decisions [data-slot="${slot}"]`).boundingBox();
    expect(box, `decision slot ${slot} is on screen`).not.toBeNull();
    boxes.push(box!);
  }
  return boxes;
}

/**
 * Every state of the screening flow at a 1024×600 gate tablet and a 1280×800 kiosk, in both
 * languages: nothing scrolls or is clipped, and Admit / Deny / Refer sit in the same place, on
 * screen, in every state; axe-core finds nothing critical or serious on any kiosk screen (sign-in,
 * each screening state, and the visitor, courier, look-up, log and hand-over tabs). Screenshots of
 * each state go to test-results/kiosk-layout/.
 */
describe('the kiosk fits its screens', () => {
  let rig: KioskRig;
  let parts: Parts;
  let browser: Browser;
  let accounts: DemoAccount[];
  let passes: DemoPass[];
  let roster: RosterSnapshot;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    rig = await startKioskRig();
    ({ parts, browser, accounts, passes } = rig);
    roster = (await (await gateFetch(`${parts.gateUrl}/uplink/roster`)).json()) as RosterSnapshot;
  }, 120_000);

  afterAll(async () => {
    await rig?.stop();
  });

  for (const size of SIZES) {
    it(`keeps every screening state on one ${size.width}×${size.height} screen, decisions in one place, in both languages`, async () => {
      // A context of its own: axe-core opens a page beside this one to gather its results.
      const context = await browser.newContext({ viewport: size });
      const page = await context.newPage();
      try {
        const language = page.locator('checkpoint-kiosk header button.language');
        let reference: Box[] | null = null;
        const seen: string[] = [];
        /** A screen in both languages: a screenshot, nothing clipped or scrolling, nothing grave for axe. */
        const look = async (state: string, lang: string): Promise<void> => {
          await page.screenshot({ path: resolve(shots, `${size.width}x${size.height}-${state}-${lang}.png`) });
          expect(await overflowing(page), `${state} (${lang})`).toEqual([]);
          // axe-core at the kiosk's size only: what it checks does not change with the window, and it is slow.
          if (size.width === 1280) expect(await graveViolations(page), `${state} (${lang}): axe-core`).toEqual([]);
        };
        const checkScreen = async (state: string): Promise<void> => {
          for (const lang of ['zh', 'en']) {
            await look(state, lang);
            await language.click();
          }
          seen.push(state);
        };

        await pairPage(page, parts.gateUrl);
        await page.goto(`${parts.gateUrl}/`);
        await page.locator('checkpoint-kiosk kiosk-sign-in select').waitFor(slow);
        await checkScreen('sign-in');
        await signInKiosk(page, parts.gateUrl, accounts);

        const check = async (state: string): Promise<void> => {
          for (const lang of ['zh', 'en']) {
            await look(state, lang);
            const boxes = await decisionBoxes(page);
            for (const box of boxes) {
              expect(box.y + box.height, `${state} (${lang}): decisions inside the screen`).toBeLessThanOrEqual(size.height);
              expect(box.height, `${state} (${lang}): a target for a gloved finger`).toBeGreaterThanOrEqual(52);
            }
            reference ??= boxes;
            expect(boxes, `${state} (${lang}): decisions where they were`).toEqual(reference);
            await language.click();
          }
          seen.push(state);
        };
        const person = (name: string) =>
          expect.poll(() => page.locator('[data-test="person-name"]').textContent(), slow).toBe(name);
        const verdict = (v: string) =>
          expect.poll(() => page.locator('[data-test="verdict"]').getAttribute('data-verdict'), slow).toBe(v);
        const [first, second, third] = [passes[0]!, passes[1]!, passes[2]!];

        await check('idle');

        await dockPost(parts.gateUrl, 'scan', { text: 'NOT-A-PASS-0042' });
        await expect.poll(() => page.locator('[data-test="scanned-text"]').count(), slow).toBe(1);
        await check('unknown-no-reading');
        await dockPost(parts.gateUrl, 'temperature', { objectC: 36.5, ambientC: 22 });
        await verdict('normal');
        await check('unknown-normal-needs-tap');

        await dockPost(parts.gateUrl, 'scan', { text: second.pass });
        await expect.poll(() => page.locator('[data-test="queue"]').textContent(), slow).toContain(second.name);
        await check('queue');
        await page.locator('[data-test="abandon"]').click();
        await person(second.name);

        await dockPost(parts.gateUrl, 'temperature', { objectC: 37.8, ambientC: 22 });
        await verdict('re-measure');
        await check('re-measure');
        await expect
          .poll(() => page.locator('[data-test="verdict"]').textContent(), { timeout: 20_000 })
          .toMatch(/请现在复测|Re-measure now/);
        await dockPost(parts.gateUrl, 'temperature', { objectC: 37.9, ambientC: 22 });
        await verdict('axillary-needed');
        await check('axillary-needed');
        await page.locator('[data-test="reading-input"]').fill('38.3');
        await page.locator('[data-test="record-axillary"]').click();
        await verdict('fever');
        await check('fever');
        await page.locator('[data-test="refer"]').click();
        await expect.poll(() => banner(page), slow).toMatch(new RegExp(second.name));
        await check('logged-banner');

        await page.locator('checkpoint-kiosk input[name="plate"]').fill('苏E9A876');
        await page.locator('checkpoint-kiosk form.vehicle button').click();
        await dockPost(parts.gateUrl, 'scan', { text: third.pass });
        await person(third.name);
        await check('vehicle');
        await page.locator('[data-test="deny"]').click();
        await expect.poll(() => page.locator('[data-test="person-name"]').count(), slow).toBe(0);
        await page.locator('checkpoint-kiosk .vehicle button').click();

        const watched = roster.watch.find((w) => w.kind === 'home-observation' && w.personId);
        const watchedPerson = roster.persons.find((p) => p.id === watched?.personId)!;
        await page.locator('[data-lane="out"]').click();
        await page.locator('[data-mode="lookup"]').click();
        await page.getByLabel(/^(姓名|Name)$/).fill(watchedPerson.name);
        await page
          .getByRole('button', { name: /选择|Choose/ })
          .first()
          .click();
        await expect.poll(() => page.locator('[data-test="exit-blocked"]').count(), slow).toBe(1);
        await check('exit-blocked-no-reading');
        await dockPost(parts.gateUrl, 'temperature', { objectC: 36.5, ambientC: 22 });
        await verdict('normal');
        await page.getByPlaceholder(/放行原因|Reason/).fill('就医：社区医生已同意');
        await check('exit-blocked-with-reason');
        await page.locator('[data-test="override"]').click();
        await expect.poll(() => banner(page), slow).toContain(watchedPerson.name);
        await page.locator('[data-lane="in"]').click();

        await dockPost(parts.gateUrl, 'scan', { text: first.pass });
        await person(first.name);
        await dockPost(parts.gateUrl, 'temperature', { objectC: 33.2, ambientC: 3 });
        await expect.poll(() => page.locator('[data-test="temperature-value"]').count(), slow).toBe(1);
        await check('cold-unreliable');
        await page.locator('[data-test="deny"]').click();
        await expect.poll(() => page.locator('[data-test="person-name"]').count(), slow).toBe(0);

        // The gate goes away while someone is on screen: the entry is held here, and the status
        // line says so beside the lost link, on the narrowest screen too.
        await dockPost(parts.gateUrl, 'scan', { text: 'NOT-A-PASS-0043' });
        await expect.poll(() => page.locator('[data-test="scanned-text"]').count(), slow).toBe(1);
        await dockPost(parts.gateUrl, 'temperature', { objectC: 36.5, ambientC: 22 });
        await verdict('normal');
        await parts.stopGate();
        await expect.poll(() => page.locator('[data-test="gate-link"]').getAttribute('class'), slow).toContain('bad');
        await page.locator('[data-test="admit"]').click();
        await expect.poll(() => page.locator('[data-test="held"]').count(), slow).toBe(1);
        await checkScreen('gate-away-held');
        await parts.startGate();
        await expect.poll(() => page.locator('[data-test="held"]').count(), { timeout: 60_000 }).toBe(0);

        for (const mode of ['visitor', 'courier', 'lookup', 'log', 'handover']) {
          await page.locator(`[data-mode="${mode}"]`).click();
          await checkScreen(mode);
        }
        await page.locator('[data-mode="screen"]').click();

        expect(seen).toHaveLength(19);
        if (size.width === 1280) {
          // axe-core sees inside the kiosk's shadow root: an input without a label there is found.
          await page.locator('checkpoint-kiosk').evaluate((host) => host.shadowRoot!.append(document.createElement('input')));
          expect((await graveViolations(page)).join()).toContain('label');
        }
      } finally {
        await context.close();
      }
    }, 240_000);
  }
});
