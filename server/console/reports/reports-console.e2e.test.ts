import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, communityDate } from '../../../protocol/community-date.ts';
import { makeEntryRecord } from '../../../test/support/entry-record.ts';
import { ingestEntries } from '../../gates/ingest.ts';
import { addSecondStreet } from '../../../test/support/second-street.ts';
import { LANGUAGES } from '../i18n/language.ts';
import { SHOTS, settled, shownText, slow, startConsoleServer, type ConsoleServer } from '../test-support/console-server.ts';

/**
 * The daily report in the console: the default community's staff read yesterday's draft, sign it
 * with a note and submit it, then correct it as version 2; the street sees it submitted and
 * corrected; the district sees its two streets, street B's community missing, and drills down;
 * the audit page names who signed what. Screenshots of the report and the boards at both sizes in
 * both languages land in test-results/reports-console/.
 */
const STAFF = { username: 'community-staff', password: 'staff-pass-123', role: 'community', orgNodeId: 'org-community' } as const;
const STREET = { username: 'street-admin', password: 'street-pass-123', role: 'admin', orgNodeId: 'org-street' } as const;
const TOP = { username: 'district-admin', password: 'admin-pass-123', role: 'admin' } as const;
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 600 },
] as const;
const SCREENS = join(SHOTS, 'reports-console');
/** Yesterday in Beijing: the day the page opens on. */
const DAY = addDays(communityDate(new Date()), -1);

describe('the daily report console', () => {
  let server: ConsoleServer;
  let passage: (name: string) => Promise<void>;

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    server = await startConsoleServer({
      demo: true,
      accounts: [STAFF, STREET, TOP],
      prepare: async ({ db }) => {
        await addSecondStreet(db, { compound: { timeZone: 'Asia/Urumqi' } });
        const at = new Date().toISOString();
        // Whatever the hour the test runs at: the district gives two days, so yesterday's report is
        // on time now; street B's community was due at the start of yesterday, so it is missing.
        await db
          .insertInto('report_deadlines')
          .values([
            { node_id: 'org-district', days_after: 2, at_time: '10:00', updated_at: at, updated_by: null },
            { node_id: 'community-b', days_after: 0, at_time: '00:00', updated_at: at, updated_by: null },
          ])
          .execute();
      },
    });
    const seeded = server.seeded!;
    passage = async (name: string) => {
      await ingestEntries(
        server.db,
        { id: seeded.gate.deviceId, gateId: seeded.gate.gateId, communityId: seeded.communityId },
        [
          makeEntryRecord(seeded.gate, {
            occurredAt: `${DAY}T12:00:00.000+08:00`,
            subject: { category: 'visitor', personId: null, name, idHash: null, idMasked: null, scan: null },
          }),
        ],
        new Date().toISOString(),
      );
    };
    await passage('访客甲');
    await passage('访客乙');
  }, 120_000);

  afterAll(() => server?.close());

  it('lets the community’s staff sign and submit yesterday’s report, then correct it as a new version', async () => {
    const { page, context } = await server.open(STAFF);
    await page.goto(`${server.url}/#/reports`);
    await settled(page);
    const report = page.locator('cp-daily-report');
    await expect.poll(() => report.locator('h2').textContent(), slow).toContain(`默认社区 · ${DAY}`);
    const total = report.locator('tr.total').first();
    await expect.poll(() => total.locator('td strong').first().textContent(), slow).toBe('2');
    expect(await report.locator('.badge').first().textContent()).toBe('待报');
    expect(await shownText(report)).toContain('还没有签署过');

    await report.getByLabel('核对说明').fill('已与北门登记本核对，无异常');
    await report.getByRole('button', { name: '核对无误，签署' }).click();
    await expect.poll(() => report.locator('.status').textContent(), slow).toContain('已签署，版本 1');
    await report.getByRole('button', { name: '上报版本 1' }).click();
    await expect.poll(() => report.locator('.status').textContent(), slow).toContain('已上报，版本 1');
    await expect.poll(() => report.locator('.badge').first().textContent(), slow).toBe('按时上报');

    // A passage that reached the server late: the draft moves, the submitted version does not.
    await passage('访客丙');
    await page.reload();
    await settled(page);
    await expect.poll(() => report.locator('tr.total').first().locator('td strong').first().textContent(), slow).toBe('3');
    expect(await report.getByRole('note').textContent()).toContain('数据在签署后有变化');
    await report.getByLabel('核对说明').fill('更正：补录访客丙');
    await report.getByRole('button', { name: '核对无误，签署' }).click();
    await report.getByRole('button', { name: '上报版本 2' }).click();
    await expect.poll(() => report.locator('.status').textContent(), slow).toContain('已上报，版本 2');
    const versions = report.locator('table').last().locator('tbody > tr');
    await expect.poll(() => versions.count(), slow).toBe(2);
    expect(await versions.nth(0).textContent()).toContain('更正：补录访客丙');
    expect(await versions.nth(1).textContent()).toContain('已与北门登记本核对，无异常');
    // Version 1 opened shows what was sent then: two passages.
    await versions.nth(1).getByRole('button', { name: '查看' }).click();
    await expect.poll(() => report.locator('table').last().locator('tr.total td strong').first().textContent(), slow).toBe('2');
    await page.screenshot({ path: join(SCREENS, 'report-version-open-zh-CN-1280x800.png'), fullPage: true });
    const stored = await server.db.selectFrom('daily_reports').select(['version', 'submitted_at']).orderBy('version').execute();
    expect(stored.map((r) => [r.version, r.submitted_at !== null])).toEqual([
      [1, true],
      [2, true],
    ]);
    await context.close();
  });

  it('shows the street its communities and the district its streets, drilling down to the one missing', async () => {
    const street = await server.open(STREET);
    await street.page.goto(`${server.url}/#/reports`);
    await settled(street.page);
    const streetBoard = street.page.locator('cp-report-board');
    const row = (board: typeof streetBoard, name: string) => board.locator('tbody tr').filter({ hasText: name }).first();
    await expect.poll(() => row(streetBoard, '默认社区').locator('.badge').textContent(), slow).toBe('按时上报');
    expect(await row(streetBoard, '默认社区').textContent()).toContain('已更正');
    expect(await shownText(streetBoard)).toContain('默认社区');
    expect(await shownText(streetBoard)).not.toContain('乙社区');
    await street.context.close();

    const { page, context } = await server.open(TOP);
    await page.goto(`${server.url}/#/reports`);
    await settled(page);
    const board = page.locator('cp-report-board');
    await expect.poll(() => row(board, '乙街道').locator('.badge').textContent(), slow).toBe('缺报');
    expect(await row(board, '乙街道').locator('td').nth(1).textContent()).toBe('0 / 0 / 1 / 0');
    expect(await row(board, '默认街道').locator('td').nth(1).textContent()).toBe('1 / 0 / 0 / 0');
    // The sheet the district sends on: the version submitted last, three passages.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      board.getByRole('link', { name: '导出已上报数据 CSV' }).click(),
    ]);
    const sheet = await readFile((await download.path())!, 'utf8');
    expect(sheet).toContain(`默认街道,默认社区,${DAY},按时上报,2,`);
    expect(sheet).toContain(`乙街道,乙社区,${DAY},缺报`);

    // The district moves everyone's deadline to 09:30 the next day.
    await board.getByLabel('报告日之后第几天').fill('1');
    await board.getByLabel('时刻').fill('09:30');
    await board.getByRole('button', { name: '设置截止时间' }).click();
    await expect.poll(() => board.locator('.status').textContent(), slow).toContain('截止时间已保存');
    expect(
      await server.db
        .selectFrom('report_deadlines')
        .select(['days_after', 'at_time'])
        .where('node_id', '=', 'org-district')
        .execute(),
    ).toEqual([{ days_after: 1, at_time: '09:30' }]);

    await row(board, '乙街道').getByRole('button').click();
    await expect.poll(() => board.locator('h2').textContent(), slow).toContain('乙街道');
    await expect.poll(() => row(board, '乙社区').locator('.badge').textContent(), slow).toBe('缺报');
    await context.close();
  });

  it('sends a compound’s user to a community, and names who signed what in the audit log', async () => {
    const { page, context } = await server.open(TOP);
    await page.goto(`${server.url}/#/reports`);
    await settled(page);
    await page.locator('header select').selectOption(server.seeded!.communityId);
    await expect.poll(() => shownText(page.locator('cp-reports-page')), slow).toContain('日报按社区填报');
    await context.close();

    // A fresh sign-in works from the top again: the audit log of every account.
    const top = await server.open(TOP);
    await top.page.goto(`${server.url}/#/audit`);
    await settled(top.page);
    const audit = top.page.locator('cp-audit-page');
    const signed = audit.locator('tbody tr').filter({ hasText: '签署社区日报' }).first();
    await expect.poll(() => signed.textContent(), slow).toContain('community-staff');
    expect(await signed.textContent()).toContain('默认社区');
    expect(await audit.locator('tbody tr').filter({ hasText: '上报社区日报' }).count()).toBe(2);
    await top.context.close();
  });

  it('screenshots of the report and the boards at both sizes, in both languages', async () => {
    for (const language of LANGUAGES)
      for (const size of SIZES)
        for (const [who, account] of [
          ['community', STAFF],
          ['street', STREET],
          ['district', TOP],
        ] as const) {
          const { page, context } = await server.open(account, { language, viewport: size });
          await page.goto(`${server.url}/#/reports`);
          await settled(page);
          await page.locator('cp-reports-page h2').first().waitFor(slow);
          await page.screenshot({ path: join(SCREENS, `${who}-${language}-${size.width}x${size.height}.png`) });
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect([who, language, size.width, overflow]).toEqual([who, language, size.width, 0]);
          await context.close();
        }
  }, 180_000);
});
