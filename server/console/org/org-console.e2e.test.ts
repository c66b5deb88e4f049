import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEntryRecord } from '../../../test/support/entry-record.ts';
import { ingestEntries } from '../../gates/ingest.ts';
import { addSecondStreet } from '../../../test/support/second-street.ts';
import { createUser } from '../../accounts/sessions.ts';
import { zonedTime } from '../../../protocol/zoned-time.ts';
import { LANGUAGES } from '../i18n/language.ts';
import { SHOTS, settled, shownText, slow, startConsoleServer, type ConsoleServer } from '../test-support/console-server.ts';

/**
 * The organisation in the console, as a district's administrator and a street's: the tree with
 * each compound's zone, renaming, adding a unit, naming the levels and setting a compound's zone;
 * entries of two compounds each on its own clock; the roll-ups with their chart, drilled down to a
 * street; and a street's administrator who sees nothing of the other street. Screenshots of the
 * organisation and roll-up pages at both sizes in both languages land in test-results/org-console/.
 */
const TOP = { username: 'district-admin', password: 'admin-pass-123', role: 'admin' } as const;
const STREET_A = { username: 'street-a-admin', password: 'admin-pass-456', role: 'admin', orgNodeId: 'org-street' } as const;
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 600 },
] as const;
const SCREENS = join(SHOTS, 'org-console');
/** 07:10 in Beijing, 05:10 in Urumqi: a passage at each compound's gate. */
const AT = new Date(Date.now() - 20 * 60_000);

describe('the organisation console', () => {
  let server: ConsoleServer;

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    server = await startConsoleServer({
      demo: true,
      accounts: [TOP, STREET_A],
      prepare: async ({ db }) => {
        await addSecondStreet(db, { compound: { timeZone: 'Asia/Urumqi' }, gate: true });
      },
    });
    const seeded = server.seeded!;
    const passage = (gateId: string, deviceId: string, name: string, fever: boolean) =>
      makeEntryRecord(
        { deviceId, gateId },
        {
          id: uuidv7({ msecs: AT.getTime() }),
          occurredAt: AT.toISOString(),
          subject: { category: 'visitor', personId: null, name, idHash: null, idMasked: null, scan: null },
          readings: [{ valueC: fever ? 38.4 : 36.5, source: 'infrared', at: AT.toISOString(), ambientC: 12 }],
          decision: fever ? 'referred' : 'admitted',
          flags: fever ? ['fever'] : [],
        },
      );
    const now = new Date().toISOString();
    await ingestEntries(
      server.db,
      { id: seeded.gate.deviceId, gateId: seeded.gate.gateId, communityId: seeded.communityId },
      [passage(seeded.gate.gateId, seeded.gate.deviceId, '甲访客', false)],
      now,
    );
    await ingestEntries(
      server.db,
      { id: 'device-b', gateId: 'gate-b', communityId: 'compound-b' },
      [passage('gate-b', 'device-b', '乙访客', true), passage('gate-b', 'device-b', '乙访客二', false)],
      now,
    );
  }, 120_000);

  afterAll(() => server?.close());

  const wallTime = (zone: string) =>
    new Intl.DateTimeFormat('sv-SE', { timeZone: zone, dateStyle: 'short', timeStyle: 'medium' }).format(AT);

  it('shows each compound’s entries on its own clock, with the offset, while the PC runs on UTC', async () => {
    const { page, context } = await server.open(TOP, { timezoneId: 'UTC' });
    await page.goto(`${server.url}/#/entries`);
    await settled(page);
    const row = (name: string) => page.locator('cp-entry-log tbody tr').filter({ hasText: name }).first();
    await expect.poll(() => row('乙访客二').textContent(), slow).toContain(`${wallTime('Asia/Urumqi')} +06:00`);
    expect(await row('甲访客').textContent()).toContain(`${wallTime('Asia/Shanghai')} +08:00`);
    await context.close();
  });

  it('shows devices and accounts of each compound on that compound’s clock, not the office PC’s', async () => {
    const at = new Date().toISOString();
    const seeded = server.seeded!;
    await createUser(server.db, {
      username: 'beta-property',
      password: 'beta-pass-123',
      role: 'property',
      now: at,
      compoundId: 'compound-b',
    });
    await createUser(server.db, {
      username: 'alpha-property',
      password: 'alpha-pass-123',
      role: 'property',
      now: at,
      compoundId: seeded.communityId,
    });
    const enrolled = async (id: string) =>
      (await server.db.selectFrom('devices').select('enrolled_at').where('id', '=', id).executeTakeFirstOrThrow()).enrolled_at;
    const onClock = (iso: string, zone: string) => {
      const t = zonedTime(iso, zone);
      return `${t.date} ${t.time.slice(0, 5)} ${t.offset}`;
    };
    const { page, context } = await server.open(TOP, { timezoneId: 'UTC' });
    await page.goto(`${server.url}/#/devices`);
    await settled(page);
    const deviceRow = (id: string) => page.locator('cp-devices-page tbody tr').filter({ hasText: id }).first();
    await expect
      .poll(() => deviceRow('device-b').textContent(), slow)
      .toContain(onClock(await enrolled('device-b'), 'Asia/Urumqi'));
    expect(await deviceRow(seeded.gate.deviceId).textContent()).toContain(
      onClock(await enrolled(seeded.gate.deviceId), 'Asia/Shanghai'),
    );
    await page.goto(`${server.url}/#/users`);
    await settled(page);
    const userRow = (name: string) => page.locator('cp-users-page tbody tr').filter({ hasText: name }).first();
    await expect.poll(() => userRow('beta-property').textContent(), slow).toContain(onClock(at, 'Asia/Urumqi'));
    expect(await userRow('alpha-property').textContent()).toContain(onClock(at, 'Asia/Shanghai'));
    await context.close();
  });

  it('saves rules at a street and shows them, with where they come from, in the street’s compound only', async () => {
    const threshold = async (id: string) =>
      (await server.db
        .selectFrom('screening_rules')
        .select(['fever_threshold_c', 'inherited_from'])
        .where('community_id', '=', id)
        .executeTakeFirst()) ?? null;
    const before = await threshold(server.seeded!.communityId);
    const { page, context } = await server.open(TOP);
    await page.goto(`${server.url}/#/rules`);
    await settled(page);
    await page.locator('header select').selectOption('street-b');
    const rules = page.locator('cp-rules-page');
    await expect
      .poll(() => shownText(rules.locator('cp-settings-source')), slow)
      .toContain('在此保存的规则与问题适用于下级所有沿用上级设置的小区');
    await rules.getByLabel('发热阈值 (°C)').fill('37.6');
    await rules.getByRole('button', { name: '保存' }).first().click();
    await expect.poll(() => threshold('compound-b'), slow).toEqual({ fever_threshold_c: 37.6, inherited_from: 'street-b' });
    expect(await threshold(server.seeded!.communityId)).toEqual(before);

    await page.locator('header select').selectOption('compound-b');
    await expect.poll(() => shownText(rules.locator('cp-settings-source')), slow).toContain('筛查规则来自: 街道 乙街道');
    await expect.poll(() => rules.getByLabel('发热阈值 (°C)').inputValue(), slow).toBe('37.6');
    await page.screenshot({ path: join(SCREENS, 'rules-inherited-zh-CN-1280x800.png') });
    await page.locator('header select').selectOption(server.seeded!.communityId);
    await expect.poll(() => shownText(rules.locator('cp-settings-source')), slow).not.toContain('乙街道');
    expect(await rules.getByLabel('发热阈值 (°C)').inputValue()).toBe(String(before?.fever_threshold_c ?? 37.3));
    await context.close();
  });

  it('lets the district’s administrator rename, add, name the levels and set a compound’s zone', async () => {
    const { page, context } = await server.open(TOP);
    await page.goto(`${server.url}/#/org`);
    await settled(page);
    const org = page.locator('cp-org-page');
    const node = (name: string) => org.locator('.node').filter({ hasText: name }).first();
    await expect.poll(() => node('乙小区').textContent(), slow).toContain('Asia/Urumqi (+06:00)');

    await node('乙小区').getByRole('button').click();
    await org.getByRole('form', { name: '设置时区 乙小区' }).getByLabel('时区').fill('Asia/Kathmandu');
    await org.getByRole('form', { name: '设置时区 乙小区' }).getByRole('button').click();
    await expect.poll(() => node('乙小区').textContent(), slow).toContain('Asia/Kathmandu (+05:45)');
    expect(
      (await server.db.selectFrom('communities').select('time_zone').where('id', '=', 'compound-b').executeTakeFirstOrThrow())
        .time_zone,
    ).toBe('Asia/Kathmandu');
    await org.getByRole('form', { name: '设置时区 乙小区' }).getByLabel('时区').fill('Mars/Olympus');
    await org.getByRole('form', { name: '设置时区 乙小区' }).getByRole('button').click();
    await expect.poll(() => org.locator('.status').textContent(), slow).toContain('IANA');

    await node('乙街道').getByRole('button').click();
    await org.getByRole('form', { name: '改名 乙街道' }).getByLabel('新名称').fill('乙街道办事处');
    await org.getByRole('form', { name: '改名 乙街道' }).getByRole('button').click();
    await expect.poll(() => org.locator('.node .name').allTextContents(), slow).toContain('乙街道办事处');

    await node('默认街道').getByRole('button').click();
    await org
      .getByRole('form', { name: '添加下级 默认街道' })
      .getByLabel(/下级名称/)
      .fill('丙社区');
    await org.getByRole('form', { name: '添加下级 默认街道' }).getByRole('button').click();
    await expect.poll(() => org.locator('.node .name').allTextContents(), slow).toContain('丙社区');
    const added = await server.db
      .selectFrom('org_nodes')
      .select(['parent_id', 'level'])
      .where('name', '=', '丙社区')
      .executeTakeFirstOrThrow();
    expect(added).toEqual({ parent_id: 'org-street', level: 'community' });

    await org.locator('details.levels summary').click();
    await org.getByLabel('街道 · 中文名称').fill('镇');
    await org.getByLabel('街道 · 英文名称').fill('Town');
    await org.getByRole('form', { name: '层级名称' }).getByRole('button').click();
    await expect.poll(() => node('乙街道办事处').locator('.level').textContent(), slow).toBe('镇');
    // The shell's choice of unit uses the new names too.
    await expect
      .poll(() => page.locator('header select option').allTextContents(), slow)
      .toContainEqual(expect.stringContaining('镇 · 乙街道办事处'));
    const actions = await server.db.selectFrom('audit_log').select('action').where('action', 'like', 'org.%').execute();
    expect(actions.map((a) => a.action).sort()).toEqual([
      'org.level-names',
      'org.node.create',
      'org.node.rename',
      'org.time-zone',
    ]);
    await context.close();
  });

  it('draws the roll-ups per street with a chart and drills down to a street', async () => {
    const { page, context } = await server.open(TOP);
    await page.goto(`${server.url}/#/rollups`);
    await settled(page);
    const rollups = page.locator('cp-rollups-page');
    const row = (name: string) => rollups.locator('tbody tr').filter({ hasText: name }).first();
    await expect.poll(() => row('乙街道').locator('td strong').first().textContent(), slow).toBe('2');
    expect(await row('默认街道').locator('td strong').first().textContent()).toBe('1');
    expect(await row('乙街道').locator('td .split').first().textContent()).toBe('2 / 0');
    // Chart.js drew something: the canvas is not blank.
    const inked = await rollups.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n += 1;
      return n;
    });
    expect(inked).toBeGreaterThan(500);
    const csv = await rollups.getByRole('link', { name: '导出 CSV' }).getAttribute('href');
    expect(csv).toMatch(/^\/api\/v1\/rollups\/export\.csv\?/);

    await row('乙街道').getByRole('button').click();
    await expect.poll(() => rollups.locator('h2').textContent(), slow).toContain('乙街道');
    await expect.poll(() => row('乙社区').locator('td').nth(3).textContent(), slow).toBe('1');
    expect(await rollups.getByRole('link', { name: '导出 CSV' }).getAttribute('href')).toContain('nodeId=street-b');
    await context.close();
  });

  it('shows a street’s administrator nothing of the other street', async () => {
    const { page, context } = await server.open(STREET_A);
    await page.goto(`${server.url}/#/org`);
    await settled(page);
    await expect.poll(() => page.locator('cp-org-page .node .name').allTextContents(), slow).toContain('默认社区');
    const names = await page.locator('cp-org-page .node .name').allTextContents();
    expect(names.some((n) => n.startsWith('乙'))).toBe(false);
    await page.goto(`${server.url}/#/rollups`);
    await settled(page);
    const shown = await shownText(page.locator('cp-rollups-page'));
    expect(shown).toContain('默认社区');
    expect(shown).not.toContain('乙');
    await context.close();
  });

  it('shows the sweep’s last passages on the clock of the gate they were at', async () => {
    const seeded = server.seeded!;
    const unknown = (gateId: string, deviceId: string, name: string) =>
      makeEntryRecord(
        { deviceId, gateId },
        {
          occurredAt: AT.toISOString(),
          subject: { category: 'unknown', personId: null, name, idHash: null, idMasked: null, scan: null },
        },
      );
    const now = new Date().toISOString();
    await ingestEntries(
      server.db,
      { id: 'device-b', gateId: 'gate-b', communityId: 'compound-b' },
      [unknown('gate-b', 'device-b', '乙无名')],
      now,
    );
    await ingestEntries(
      server.db,
      { id: seeded.gate.deviceId, gateId: seeded.gate.gateId, communityId: seeded.communityId },
      [unknown(seeded.gate.gateId, seeded.gate.deviceId, '甲无名')],
      now,
    );
    const { page, context } = await server.open(TOP, { timezoneId: 'UTC' });
    await page.goto(`${server.url}/#/sweep`);
    await settled(page);
    const row = (name: string) => page.locator('cp-sweep tbody tr').filter({ hasText: name }).first();
    // An earlier test moved 乙小区 to another zone: read where it is now.
    const zoneB = (
      await server.db.selectFrom('communities').select('time_zone').where('id', '=', 'compound-b').executeTakeFirstOrThrow()
    ).time_zone;
    await expect.poll(() => row('乙无名').textContent(), slow).toContain(`${wallTime(zoneB)} ${zonedTime(AT, zoneB).offset}`);
    expect(await row('甲无名').textContent()).toContain(`${wallTime('Asia/Shanghai')} +08:00`);
    await context.close();
  });

  it('screenshots of the organisation and the roll-ups at both sizes, in both languages', async () => {
    for (const language of LANGUAGES)
      for (const size of SIZES) {
        const { page, context } = await server.open(TOP, { language, viewport: size });
        for (const screen of ['org', 'rollups']) {
          await page.goto(`${server.url}/#/${screen}`);
          await settled(page);
          await page.screenshot({ path: join(SCREENS, `${screen}-${language}-${size.width}x${size.height}.png`) });
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect([screen, size.width, overflow]).toEqual([screen, size.width, 0]);
        }
        await context.close();
      }
  }, 120_000);
});
