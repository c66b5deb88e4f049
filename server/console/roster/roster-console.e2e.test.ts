import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RosterSnapshot } from '../../../protocol/roster.ts';
import { hashIdNumber } from '../../setup/keys.ts';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, slow, startConsoleServer, type ConsoleServer } from '../test-support/console-server.ts';

/**
 * The roster and watch-list pages in Chromium against the real server: what staff change in the
 * console is what the gate's next roster snapshot carries.
 */
const PROPERTY = { username: 'e2e-property', password: 'property-pass-1', role: 'property' } as const;
const COMMUNITY = { username: 'e2e-community', password: 'community-pass-1', role: 'community' } as const;

describe('roster and watch-list console pages', () => {
  let server: ConsoleServer;
  let url: string;
  let deviceToken: string;

  beforeAll(async () => {
    server = await startConsoleServer({ demo: true, accounts: [PROPERTY, COMMUNITY] });
    url = server.url;
    deviceToken = server.seeded!.gate.deviceToken;
  }, 120_000);

  afterAll(() => server?.close());

  async function snapshot(): Promise<RosterSnapshot> {
    const response = await fetch(`${url}/api/v1/roster`, { headers: { authorization: `Bearer ${deviceToken}` } });
    return RosterSnapshot.parse(await response.json());
  }

  function signedIn(account: typeof PROPERTY | typeof COMMUNITY): Promise<{ context: BrowserContext; page: Page }> {
    return server.open(account, { viewport: { width: 1366, height: 900 } });
  }

  it('community staff state the screening goal, see its cost per site change as they type, and the gates get it', async () => {
    const shots = join(SHOTS, 'rules-goal');
    mkdirSync(shots, { recursive: true });
    const { context, page } = await signedIn(COMMUNITY);
    await page.goto(`${url}/#/rules`);
    const rules = page.locator('cp-rules-page');
    const sentence = rules.locator('[data-test=goal-sentence]');
    await expect.poll(() => sentence.textContent(), slow).toContain('找出 95% 腋温 37.7 °C 及以上的发热');
    const cost = rules.locator('[data-test=goal-cost] tbody tr');
    expect(await cost.count()).toBe(3);
    const checks = async (row: number): Promise<number> => Number(await cost.nth(row).locator('td').nth(3).textContent());
    const [face, forehead] = [await checks(0), await checks(2)];
    // The forehead costs several times the armpit checks of the hottest face point for the same goal.
    expect(forehead).toBeGreaterThan(3 * face);
    expect(await rules.locator('[data-test=device-advice]').textContent()).toContain('MLX90640');

    // A stricter goal costs more, before it is saved.
    await rules.locator('input[name=goalShare]').fill('99');
    await expect.poll(() => checks(0), slow).toBeGreaterThan(face);
    await rules.getByRole('button', { name: '保存' }).first().click();
    await expect.poll(async () => (await snapshot()).rules.goal, slow).toEqual({ feverC: 37.7, findShare: 0.99 });

    // A fixed margin instead: the gates get no goal.
    await rules.locator('select[name=goalMode]').selectOption('margin');
    await expect.poll(() => sentence.textContent(), slow).toContain('1.0 °C');
    // After saving, the page reads the rules back; a change made before that read lands is redrawn
    // from it, so the next change waits for the read as a guard waits for the page to settle.
    const readBack = page.waitForResponse(
      (response) => response.request().method() === 'GET' && new URL(response.url()).pathname === '/api/v1/admin/rules',
    );
    await rules.getByRole('button', { name: '保存' }).first().click();
    await expect.poll(async () => (await snapshot()).rules.goal, slow).toBeNull();
    await readBack;
    await expect.poll(() => rules.locator('select[name=goalMode]').inputValue(), slow).toBe('margin');
    await rules.locator('select[name=goalMode]').selectOption('goal');
    await rules.getByRole('button', { name: '保存' }).first().click();
    await expect.poll(async () => (await snapshot()).rules.goal, slow).toEqual({ feverC: 37.7, findShare: 0.95 });

    for (const language of ['zh-CN', 'en'] as const)
      for (const size of [
        { width: 1024, height: 600 },
        { width: 1280, height: 800 },
      ]) {
        const opened = await server.open(COMMUNITY, { language, viewport: size });
        await opened.page.goto(`${url}/#/rules`);
        await opened.page.locator('cp-rules-page [data-test=goal-cost] tbody tr').first().waitFor(slow);
        const wide = await opened.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        expect(wide).toBe(false);
        await opened.page.screenshot({ path: join(shots, `rules-${language}-${size.width}.png`), fullPage: true });
        await opened.context.close();
      }
    await context.close();
  });

  it('community staff put a resident on the watch list and release them; the gate snapshot follows', async () => {
    const { context, page } = await signedIn(COMMUNITY);
    await page.goto(`${url}/#/watch`);
    const watchPage = page.locator('cp-watch-page');
    await expect.poll(() => watchPage.getByRole('row').filter({ hasText: '王伟' }).count(), slow).toBe(1);

    await watchPage.locator('select[name=kind]').selectOption('suspected-case');
    const option = watchPage.locator('select[name=subject] option').filter({ hasText: '张建国' });
    await watchPage.locator('select[name=subject]').selectOption((await option.getAttribute('value'))!);
    await watchPage.locator('input[name=note]').fill('发热门诊转来');
    await watchPage.getByRole('button', { name: '新增' }).click();
    const row = watchPage.getByRole('row').filter({ hasText: '张建国' });
    await expect.poll(() => row.count(), slow).toBe(1);
    expect(await row.textContent()).toContain('疑似病例');

    const person = (await snapshot()).persons.find((p) => p.name === '张建国')!;
    expect((await snapshot()).watch.filter((w) => w.personId === person.id).map((w) => w.kind)).toEqual(['suspected-case']);

    // A close contact, with their household in the same step.
    await watchPage.locator('select[name=kind]').selectOption('close-contact');
    const liOption = watchPage.locator('select[name=subject] option').filter({ hasText: '李秀英' });
    await watchPage.locator('select[name=subject]').selectOption((await liOption.getAttribute('value'))!);
    await watchPage.getByRole('button', { name: '新增' }).click();
    await expect.poll(() => watchPage.getByRole('row').filter({ hasText: '1栋1单元101' }).count(), slow).toBe(3);
    const li = (await snapshot()).persons.find((p) => p.name === '李秀英')!;
    expect(
      (await snapshot()).watch
        .filter((w) => w.personId === li.id || w.householdId === li.householdId)
        .map((w) => w.kind)
        .sort(),
    ).toEqual(['close-contact', 'close-contact-household']);

    // Extending the observation of someone already on the list reaches the gate too.
    const wangWei = watchPage.getByRole('row').filter({ hasText: '王伟' });
    await wangWei.getByLabel('结束日期').fill('2031-01-31');
    await wangWei.getByLabel('结束日期').dispatchEvent('change');
    const wangWeiId = (await snapshot()).persons.find((p) => p.name === '王伟')!.id;
    await expect
      .poll(async () => (await snapshot()).watch.find((w) => w.personId === wangWeiId)?.endDate, slow)
      .toBe('2031-01-31');

    await row.getByRole('button', { name: '解除' }).click();
    await expect.poll(() => row.count(), slow).toBe(0);
    expect((await snapshot()).watch.filter((w) => w.personId === person.id)).toEqual([]);
    await context.close();
  });

  it('property staff add a member with an ID number, which the gate can match only by its hash, and print passes', async () => {
    const { context, page } = await signedIn(PROPERTY);
    await page.goto(`${url}/#/roster`);
    const rosterPage = page.locator('cp-roster-page');
    await rosterPage.getByRole('row').filter({ hasText: '502' }).getByRole('button', { name: '502' }).click();
    await expect.poll(() => rosterPage.getByRole('row').filter({ hasText: '王伟' }).count(), slow).toBe(1);

    const idNumber = '11010519491231002X';
    await rosterPage.locator('input[name=name]').fill('王小明');
    await rosterPage.locator('input[name=idNumber]').fill(idNumber);
    await rosterPage.getByRole('button', { name: '添加成员' }).click();
    // The demo already holds this number (张建国): refused with the reason, nothing written.
    await expect.poll(() => rosterPage.locator('[role=status]').textContent(), slow).toContain('已属于花名册中的另一人');
    const fresh = '110105201001010010';
    await rosterPage.locator('input[name=idNumber]').fill(fresh);
    await rosterPage.getByRole('button', { name: '添加成员' }).click();
    const row = rosterPage.getByRole('row').filter({ hasText: '王小明' });
    await expect.poll(() => row.count(), slow).toBe(1);
    expect(await row.textContent()).toContain('110**************0');

    const added = (await snapshot()).persons.find((p) => p.name === '王小明')!;
    expect(added.idHash).toBe(hashIdNumber(server.keys.idHashKey, fresh));
    expect(JSON.stringify(await snapshot())).not.toContain(fresh);

    // Editing the phone keeps the stored ID number (the console never had it to send back).
    await row.getByRole('button', { name: '修改' }).click();
    await rosterPage.locator('input[name=phone]').fill('13700001111');
    await rosterPage.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.textContent(), slow).toContain('13700001111');
    const edited = (await snapshot()).persons.find((p) => p.name === '王小明')!;
    expect(edited).toMatchObject({
      phoneTail: '1111',
      idHash: hashIdNumber(server.keys.idHashKey, fresh),
      idMasked: '110**************0',
    });

    await rosterPage.getByRole('button', { name: '打印出入证' }).click();
    await expect.poll(() => rosterPage.locator('cp-pass-sheet figure.card svg path').count(), slow).toBe(3);
    await context.close();
  });
  it('property staff add a gate next to the market, make it the main gate, and register a visitor the gate will know', async () => {
    const { context, page } = await signedIn(PROPERTY);
    await page.goto(`${url}/#/gates`);
    const gatesPage = page.locator('cp-gates-page');
    await expect.poll(() => gatesPage.getByRole('row').filter({ hasText: '东门' }).count(), slow).toBe(1);
    await gatesPage.locator('form').first().locator('input[name=name]').fill('西门');
    await gatesPage.locator('form').first().locator('input[name=note]').fill('菜市场旁边');
    await gatesPage.getByRole('button', { name: '添加出入口' }).click();
    const west = gatesPage.getByRole('row').filter({ hasText: '西门' });
    await expect.poll(() => west.count(), slow).toBe(1);
    await west.getByRole('button', { name: '设为主门' }).click();
    await expect
      .poll(() => gatesPage.getByRole('row').filter({ hasText: '东门' }).getByRole('button', { name: '设为主门' }).count(), slow)
      .toBe(1);

    const visitorForm = gatesPage.locator('form').nth(1);
    await visitorForm.locator('input[name=name]').fill('快递小哥');
    const host = visitorForm.locator('select[name=host] option').filter({ hasText: '2栋1单元401' });
    await visitorForm.locator('select[name=host]').selectOption((await host.getAttribute('value'))!);
    await gatesPage.getByRole('button', { name: '登记访客' }).click();
    await expect.poll(() => gatesPage.getByRole('row').filter({ hasText: '快递小哥' }).count(), slow).toBe(1);
    const code = (await gatesPage.getByRole('row').filter({ hasText: '快递小哥' }).locator('strong').textContent())!.trim();
    expect((await snapshot()).visitors.find((v) => v.code === code)).toMatchObject({ name: '快递小哥' });
    await context.close();
  });
});
