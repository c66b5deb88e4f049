import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateReport } from '../../../protocol/fleet.ts';
import { enrollDevice } from '../../accounts/devices.ts';
import { DATABASE_FILE_NAME } from '../../setup/data-dir.ts';
import { generateBackupKey } from '../../operations/backup-crypto.ts';
import { DEFAULT_EVERY_HOURS, type BackupConfig } from '../../operations/backup-config.ts';
import { takeBackup } from '../../operations/backup.ts';
import { recordHeartbeat } from '../../operations/fleet.ts';
import { LANGUAGES } from '../i18n/language.ts';
import { SHOTS, slow, startConsoleServer, type ConsoleServer } from '../test-support/console-server.ts';

/**
 * The fleet page as an administrator sees it, in headless Chromium against the real server: a gate
 * unplugged half an hour ago, one whose backlog grows and whose thermometer's calibration runs out
 * in three days, and a last backup more than a day old; then a fresh backup clears the warning.
 * Screenshots in both languages at 1024×600 and 1280×800 land in test-results/fleet/.
 */
const ADMIN = { username: 'e2e-fleet-admin', password: 'fleet-admin-pass-1', role: 'admin' } as const;
const SIZES = [
  { width: 1024, height: 600 },
  { width: 1280, height: 800 },
] as const;
const SCREENS = join(SHOTS, 'fleet');
const MINUTE = 60_000;

function report(at: Date, overrides: Partial<GateReport> = {}): GateReport {
  return {
    sentAt: at.toISOString(),
    software: '0.2.0',
    spool: { unsent: 0, rejected: 0, oldestUnsentAt: null, diskFull: false },
    devices: [
      {
        // A serial scanner names no firmware: the page says it was not reported.
        device: 'scanner',
        state: 'connected',
        firmware: null,
        calibrationExpiresAt: null,
        lastError: null,
        lastErrorAt: null,
        reconnects: 0,
      },
      {
        device: 'thermometer',
        state: 'connected',
        firmware: { name: 'MLX90614 over StandardFirmata', version: '2.5' },
        calibrationExpiresAt: new Date(at.getTime() + 200 * 86_400_000).toISOString(),
        lastError: null,
        lastErrorAt: null,
        reconnects: 0,
      },
    ],
    screens: [{ id: 'kiosk-1', connectedAt: new Date(at.getTime() - 3 * 3_600_000).toISOString(), holdingEntries: null }],
    lastError: null,
    ...overrides,
  };
}

describe('the fleet page', () => {
  let server: ConsoleServer;
  let backup: BackupConfig;
  let recipient: string;
  const backupDir = mkdtempSync(join(tmpdir(), 'cp-fleet-backups-'));

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    ({ recipient } = await generateBackupKey());
    server = await startConsoleServer({
      demo: true,
      accounts: [ADMIN],
      deps: (dataDir) => {
        backup = {
          source: { kind: 'sqlite', file: join(dataDir, DATABASE_FILE_NAME) },
          dataDir,
          backupDir,
          recipient,
          keep: 5,
          everyHours: DEFAULT_EVERY_HOURS,
        };
        return { backup };
      },
      prepare: async ({ db }) => {
        const now = Date.now();
        const east = await db.selectFrom('devices').select(['id', 'gate_id']).executeTakeFirstOrThrow();
        // Backlog growing: 3 unsent a quarter of an hour ago, 41 now; the thermometer due in 3 days.
        await recordHeartbeat(
          db,
          east.id,
          report(new Date(now - 15 * MINUTE), {
            spool: { unsent: 3, rejected: 0, oldestUnsentAt: new Date(now - 16 * MINUTE).toISOString(), diskFull: false },
          }),
          2,
          new Date(now - 15 * MINUTE),
        );
        const base = report(new Date(now));
        await recordHeartbeat(
          db,
          east.id,
          {
            ...base,
            spool: { unsent: 41, rejected: 1, oldestUnsentAt: new Date(now - 16 * MINUTE).toISOString(), diskFull: false },
            devices: base.devices.map((d) =>
              d.device === 'thermometer' ? { ...d, calibrationExpiresAt: new Date(now + 3 * 86_400_000).toISOString() } : d,
            ),
            lastError: 'uplink: connect ECONNREFUSED 10.0.0.2:8443',
            screens: [
              {
                id: '0193a8e2-screen',
                name: '东门平板 <b>',
                connectedAt: new Date(now - 3 * 3_600_000).toISOString(),
                holdingEntries: 12,
              },
            ],
          },
          2,
          new Date(now),
        );
        await db
          .updateTable('devices')
          .set({ last_seen_at: new Date(now).toISOString() })
          .where('id', '=', east.id)
          .execute();
        // The north gate was unplugged 35 minutes ago, in opening hours (always open).
        const community = await db
          .selectFrom('gates')
          .select('community_id')
          .where('id', '=', east.gate_id)
          .executeTakeFirstOrThrow();
        const northGate = uuidv7();
        await db
          .insertInto('gates')
          .values({ id: northGate, community_id: community.community_id, name: '北门', note: null })
          .execute();
        await enrollDevice(db, {
          deviceId: 'gate-north-1',
          gateId: northGate,
          now: new Date(now - 30 * 86_400_000).toISOString(),
          label: '北门岗亭',
        });
        const unplugged = new Date(now - 35 * MINUTE);
        await recordHeartbeat(db, 'gate-north-1', report(unplugged), 2, unplugged);
        await db.updateTable('devices').set({ last_seen_at: unplugged.toISOString() }).where('id', '=', 'gate-north-1').execute();
      },
    });
    // A real backup, taken 30 hours ago by its own clock: older than a day.
    await takeBackup({ ...backup, recipient, now: new Date(Date.now() - 30 * 3_600_000) });
  }, 120_000);

  afterAll(() => server?.close());

  async function openFleet(language: (typeof LANGUAGES)[number], size: (typeof SIZES)[number]): Promise<Page> {
    const { page } = await server.open(ADMIN, { language, viewport: size, timezoneId: 'UTC' });
    await page.goto(`${server.url}/#/fleet`);
    await page.locator('cp-fleet-page section.gate').nth(1).waitFor(slow);
    return page;
  }

  for (const language of LANGUAGES)
    it(`${language}: flags the unplugged gate, the growing backlog and the calibration due, and warns of a stale backup`, async () => {
      for (const size of SIZES) {
        const page = await openFleet(language, size);
        const fleet = page.locator('cp-fleet-page');
        const north = fleet.locator('section.gate', { hasText: 'gate-north-1' });
        const east = fleet.locator('section.gate', { hasText: 'gate-east-1' });
        const words =
          language === 'en'
            ? {
                offline: 'Offline',
                online: 'Online',
                silent: 'Silent in opening hours',
                backlog: 'Unsent backlog growing',
                calibration: 'Calibration due within 7 days',
                stale: 'more than a day old',
                notReported: 'not reported',
                holding: 'holding 12 entries the gate has not taken',
              }
            : {
                offline: '离线',
                online: '在线',
                silent: '开放时间内失去联系',
                backlog: '未上传记录在增加',
                calibration: '测温仪 7 天内需校准',
                stale: '已超过一天',
                notReported: '设备未上报',
                holding: '屏幕上暂存 12 条，门岗尚未收下',
              };
        await expect.poll(() => north.innerText(), slow).toContain(words.offline);
        expect(await north.locator('.flags').innerText()).toContain(words.silent);
        const eastText = await east.innerText();
        expect(eastText).toContain(words.online);
        expect(eastText).toContain('41');
        expect(eastText).toContain('ECONNREFUSED');
        expect(eastText).toContain('MLX90614 over StandardFirmata 2.5');
        expect(eastText).toContain(words.notReported);
        expect(eastText).toContain(words.holding);
        // The screen by the name it was paired under, as text (a name is whatever the tablet typed).
        expect(eastText).toContain('东门平板 <b>');
        const eastFlags = await east.locator('.flags').innerText();
        expect(eastFlags).toContain(words.backlog);
        expect(eastFlags).toContain(words.calibration);
        expect(eastFlags).not.toContain(words.silent);
        expect(await fleet.locator('p.warn').innerText()).toContain(words.stale);
        // Nothing wider than the window at either size.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
        await page.screenshot({ path: join(SCREENS, `fleet-${language}-${size.width}x${size.height}.png`), fullPage: true });
        await page.context().close();
      }
    });

  it('shows the new backup and no warning once a backup is taken, and keeps the opening hours an admin sets', async () => {
    await takeBackup({ ...backup, recipient });
    const page = await openFleet('en', SIZES[1]);
    const fleet = page.locator('cp-fleet-page');
    await expect.poll(() => fleet.locator('p.good').count(), slow).toBe(1);
    expect(await fleet.locator('p.warn').count()).toBe(0);
    const north = fleet.locator('section.gate', { hasText: 'gate-north-1' });
    await north.locator('input[name=openingHours]').fill('6点-22点');
    await north.getByRole('button', { name: 'Save' }).click();
    // The browser refuses the pattern before anything is sent; a valid window is saved.
    expect(
      await server.db.selectFrom('gates').select('opening_hours').where('name', '=', '北门').executeTakeFirstOrThrow(),
    ).toEqual({
      opening_hours: null,
    });
    await north.locator('input[name=openingHours]').fill('06:00-22:00');
    await north.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => fleet.locator('.status').innerText(), slow).toContain('Saved');
    expect(
      await server.db.selectFrom('gates').select('opening_hours').where('name', '=', '北门').executeTakeFirstOrThrow(),
    ).toEqual({
      opening_hours: '06:00-22:00',
    });
    await page.context().close();
  });
});
