import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkDigitFor, type EntryView } from '../protocol/index.ts';
import { banner, dock, dockState, slow } from './support/kiosk-page.ts';
import { startKioskRig, type KioskRig } from './support/kiosk-rig.ts';
import type { Parts } from './support/parts.ts';
import { allEntries } from './support/server-api.ts';

const VISITOR_BODY = '32010219850315123';
const VISITOR_ID = VISITOR_BODY + checkDigitFor(VISITOR_BODY);
/** 张建国 of the demo community: on the roster by the hash of this number. */
const RESIDENT_ID = '11010519491231002' + checkDigitFor('11010519491231002');

/**
 * An ID card laid on the simulated reader (`npm run gate -- card …`, real SAM frames over a pty)
 * reaches the kiosk in Chromium: a visitor's card fills the visitor form, a resident's card
 * starts their screening, and the card's number reaches the page and the server only masked.
 */
describe('the ID-card reader at the kiosk', () => {
  let rig: KioskRig;
  let parts: Parts;
  let cookie: string;

  beforeAll(async () => {
    rig = await startKioskRig();
    parts = rig.parts;
    cookie = await rig.communityCookie();
  }, 120_000);

  afterAll(async () => {
    await rig?.stop();
  });

  afterEach(async () => {
    await rig.closeKiosks();
    await dock(parts.gateUrl, 'card', 'take');
  });

  const kiosk = (): Promise<Page> => rig.openKiosk();

  async function shoot(page: Page, name: string): Promise<void> {
    for (const [width, height] of [
      [1024, 600],
      [1280, 800],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: resolve(rig.shots, `${name}-${width}-zh.png`) });
      await page.locator('header button[lang]').click();
      await page.screenshot({ path: resolve(rig.shots, `${name}-${width}-en.png`) });
      await page.locator('header button[lang]').click();
    }
  }

  async function storedEntry(match: (entry: EntryView) => boolean): Promise<EntryView> {
    let found: EntryView | undefined;
    await expect
      .poll(async () => (found = (await allEntries(parts.serverUrl, cookie)).find(match)) !== undefined, slow)
      .toBe(true);
    return found!;
  }

  it("a visitor's card fills the visitor form; registered and screened, the entry holds the number only masked", async () => {
    const page = await kiosk();
    const clearNumbers: string[] = [];
    page.on('websocket', (socket) =>
      socket.on('framereceived', ({ payload }) => {
        if (String(payload).includes(VISITOR_BODY.slice(6))) clearNumbers.push(String(payload));
      }),
    );
    await dock(parts.gateUrl, 'card', '刘洋', VISITOR_ID, '2040-03-15', '--from', '2020-03-15');
    await expect.poll(() => page.locator('[data-mode="visitor"]').getAttribute('aria-pressed'), slow).toBe('true');
    await expect.poll(() => page.getByLabel('访客姓名').inputValue(), slow).toBe('刘洋');
    const card = page.locator('[data-test="id-card"]');
    expect(await card.getAttribute('data-validity')).toBe('valid');
    expect(await page.locator('[data-test="id-card-number"]').textContent()).toBe(`320${'*'.repeat(14)}${VISITOR_ID[17]}`);
    expect(await page.locator('[data-test="id-card-validity"]').textContent()).toContain('有效期至 2040-03-15');
    expect(await page.getByLabel('身份证号').count()).toBe(0);
    await page.getByLabel('手机号').fill('13800138000');
    await page.getByLabel('来访事由').fill('探亲');
    await page.getByLabel('拜访住户').selectOption({ index: 1 });
    await shoot(page, 'kiosk-id-card-visitor');
    await page.getByRole('button', { name: '登记并开始筛查' }).click();
    await expect.poll(() => page.locator('[data-test="person-name"]').textContent(), slow).toBe('刘洋');
    await dock(parts.gateUrl, 'temp', '36.4', '22');
    await expect.poll(() => banner(page), slow).toContain('刘洋');
    const stored = await storedEntry((e) => e.personName === '刘洋');
    expect(stored).toMatchObject({ category: 'visitor', idMasked: `320${'*'.repeat(14)}${VISITOR_ID[17]}` });
    expect(JSON.stringify(stored)).not.toContain(VISITOR_BODY.slice(6));
    expect(clearNumbers).toEqual([]);
    expect(await page.content()).not.toContain(VISITOR_BODY.slice(6));
  }, 120_000);

  it('an expired card is said plainly on the form; the guard can still type a number instead', async () => {
    const page = await kiosk();
    await dock(parts.gateUrl, 'card', '王芳', VISITOR_ID, '2021-01-01', '--from', '2001-01-01');
    await expect.poll(() => page.locator('[data-test="id-card"]').getAttribute('data-validity'), slow).toBe('expired');
    expect(await page.locator('[data-test="id-card-validity"]').textContent()).toContain('身份证已过期（有效期至 2021-01-01）');
    expect(await page.getByLabel('访客姓名').inputValue()).toBe('王芳');
    await shoot(page, 'kiosk-id-card-expired');
    await page.getByRole('button', { name: '不用此证，手工填写' }).click();
    await expect.poll(() => page.getByLabel('身份证号').count(), slow).toBe(1);
    expect(await page.locator('[data-test="id-card"]').count()).toBe(0);
  }, 120_000);

  it("a resident's card starts their screening, as a scanned number would; a card pulled mid-read is a notice in the guard's language", async () => {
    const page = await kiosk();
    await dock(parts.gateUrl, 'card', '张建国', RESIDENT_ID, '长期');
    await expect.poll(() => page.locator('[data-test="person-name"]').textContent(), slow).toBe('张建国');
    expect(await page.locator('[data-mode="screen"]').getAttribute('aria-pressed')).toBe('true');
    await page.locator('[data-test="abandon"]').click();
    await dock(parts.gateUrl, 'card', '刘洋', VISITOR_ID, '--pull');
    const notice = page.locator('[data-test="notice"]');
    await expect.poll(() => notice.textContent(), slow).toContain('身份证还没读完就被拿开了：请把身份证重新放到读卡器上');
    await shoot(page, 'kiosk-id-card-pulled');
    await page.locator('header button[lang]').click();
    expect(await notice.textContent()).toContain('The ID card left the reader before it was read: lay it on the reader again');
    expect(await dockState(parts.gateUrl)).toMatchObject({ cardOnReader: false });
  }, 120_000);
});
