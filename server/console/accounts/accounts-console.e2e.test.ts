import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEntryRecord } from '../../../test/support/entry-record.ts';
import { SHOTS, slow, startConsoleServer, type ConsoleServer } from '../test-support/console-server.ts';

/**
 * The admin's devices, accounts and audit pages and the live fever banner, in Chromium against the
 * real server; screenshots in zh-CN and English go to test-results/.
 */
const ADMIN = { username: 'e2e-admin', password: 'admin-pass-123', role: 'admin' } as const;
const COMMUNITY = { username: 'e2e-community', password: 'community-pass-1', role: 'community' } as const;

describe('accounts console pages', () => {
  let server: ConsoleServer;
  let url: string;
  const gateId = 'gate-north';

  beforeAll(async () => {
    server = await startConsoleServer({
      accounts: [ADMIN, COMMUNITY],
      async prepare({ db }) {
        const now = new Date().toISOString();
        await db.insertInto('communities').values({ id: 'c1', name: '幸福里小区', roster_version: 1, created_at: now }).execute();
        await db
          .insertInto('gates')
          .values([
            { id: gateId, community_id: 'c1', name: '北门', note: null },
            { id: 'gate-east', community_id: 'c1', name: '东门（菜市场旁）', note: null },
          ])
          .execute();
      },
    });
    url = server.url;
  }, 120_000);

  afterAll(() => server?.close());

  function signedIn(account: typeof ADMIN | typeof COMMUNITY): Promise<{ context: BrowserContext; page: Page }> {
    return server.open(account, { viewport: { width: 1366, height: 800 } });
  }

  function ingest(token: string, entries: unknown[]) {
    return fetch(`${url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ batchId: 'e2e', entries }),
    });
  }

  it('an admin enrols a device, sees its token once, the gate uses it, and revoking stops it', async () => {
    const { context, page } = await signedIn(ADMIN);
    await page.goto(`${url}/#/devices`);
    const devices = page.locator('cp-devices-page');
    await devices.locator('select[name=gateId]').selectOption(gateId);
    await devices.locator('input[name=deviceId]').fill('north-1');
    await devices.locator('input[name=label]').fill('北门岗亭');
    await devices.getByRole('button', { name: '登记' }).click();
    const token = (await devices.locator('.token code').textContent({ timeout: 15_000 }))?.trim() ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const row = devices.getByRole('row').filter({ hasText: 'north-1' });
    await expect.poll(() => row.textContent(), slow).toContain('从未');

    expect((await ingest(token, [makeEntryRecord({ deviceId: 'north-1', gateId })])).status).toBe(200);
    await page.reload();
    await expect.poll(() => row.textContent(), slow).not.toContain('从未');
    await page.screenshot({ path: resolve(SHOTS, 'accounts-devices-zh.png'), fullPage: true });

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: '停用' }).click();
    await expect.poll(() => row.textContent(), slow).toContain('已停用');
    expect((await ingest(token, [makeEntryRecord({ deviceId: 'north-1', gateId })])).status).toBe(401);

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => devices.locator('h2').textContent(), slow).toBe('Gate devices');
    await page.screenshot({ path: resolve(SHOTS, 'accounts-devices-en.png'), fullPage: true });
    await context.close();
  });

  it('an admin creates an account that can sign in, and the audit log shows it', async () => {
    const { context, page } = await signedIn(ADMIN);
    await page.goto(`${url}/#/users`);
    const users = page.locator('cp-users-page');
    await users.locator('input[name=username]').fill('wuye-li');
    await users.locator('input[name=password]').fill('wuye-pass-123');
    await users.locator('select[name=role]').selectOption('property');
    await users.getByRole('button', { name: '创建' }).click();
    await expect.poll(() => users.getByRole('row').filter({ hasText: 'wuye-li' }).count(), slow).toBe(1);
    const login = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'wuye-li', password: 'wuye-pass-123' }),
    });
    expect(login.status).toBe(200);
    await page.screenshot({ path: resolve(SHOTS, 'accounts-users-zh.png'), fullPage: true });

    await page.goto(`${url}/#/audit`);
    const audit = page.locator('cp-audit-page');
    await expect.poll(() => audit.getByRole('row').filter({ hasText: '创建账号' }).count(), slow).toBe(1);
    await audit.locator('input[name=days]').fill('14');
    await audit.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => audit.getByRole('status').count(), slow).toBe(1);
    const setting = await page.request.get(`${url}/api/v1/settings/retention`);
    expect(await setting.json()).toEqual({ days: 14, source: 'settings' });
    await page.screenshot({ path: resolve(SHOTS, 'accounts-audit-zh.png'), fullPage: true });
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => audit.locator('h2').textContent(), slow).toBe('Audit log');
    await page.screenshot({ path: resolve(SHOTS, 'accounts-audit-en.png'), fullPage: true });
    await page.goto(`${url}/#/users`);
    await expect.poll(() => page.locator('cp-users-page h2').textContent(), slow).toBe('Accounts');
    await page.screenshot({ path: resolve(SHOTS, 'accounts-users-en.png'), fullPage: true });
    await context.close();
  });

  it("an admin sets a guard's kiosk PIN, and the accounts page says when it is shorter than six digits", async () => {
    const { context, page } = await signedIn(ADMIN);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${url}/#/users`);
    const users = page.locator('cp-users-page');
    await users.locator('input[name=username]').fill('guard-zhao');
    await users.locator('input[name=password]').fill('guard-pass-123');
    await users.locator('select[name=role]').selectOption('guard');
    await users.getByRole('button', { name: '创建' }).click();
    const row = users.getByRole('row').filter({ hasText: 'guard-zhao' });
    await expect.poll(() => row.textContent(), slow).toContain('未设置');

    await row.getByRole('button', { name: '设置 PIN 码' }).click();
    await row.locator('input[name=pin]').fill('4821');
    await row.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.locator('[data-test=pin-warning]').textContent(), slow).toBe('4 位：少于 6 位，请改设 6 位');
    for (const [width, height] of [
      [1280, 800],
      [1024, 600],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: resolve(SHOTS, `accounts-guard-pin-short-zh-${width}.png`) });
    }
    await page.getByRole('button', { name: 'English' }).click();
    await expect
      .poll(() => row.locator('[data-test=pin-warning]').textContent(), slow)
      .toBe('4 digits: shorter than 6, set a 6-digit PIN');
    await page.screenshot({ path: resolve(SHOTS, 'accounts-guard-pin-short-en-1024.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: resolve(SHOTS, 'accounts-guard-pin-short-en-1280.png') });

    await row.getByRole('button', { name: 'Set PIN' }).click();
    await row.locator('input[name=pin]').fill('482193');
    await row.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.locator('[data-test=pin-warning]').count(), slow).toBe(0);
    expect(await row.locator('td').nth(4).textContent()).toBe('6 digits');
    // Only guards have a PIN to set.
    expect(await users.getByRole('row').filter({ hasText: 'e2e-admin' }).getByRole('button', { name: 'Set PIN' }).count()).toBe(
      0,
    );
    await context.close();
  });

  it('community staff see a banner when a fever entry arrives', async () => {
    const { context, page } = await signedIn(COMMUNITY);
    const enrolled = await page.request.post(`${url}/api/v1/devices`, { data: { gateId } });
    expect(enrolled.status()).toBe(403);
    const adminLogin = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'e2e-admin', password: 'admin-pass-123' }),
    });
    const adminCookie = adminLogin.headers.get('set-cookie')!.split(';')[0]!;
    const device = await fetch(`${url}/api/v1/devices`, {
      method: 'POST',
      headers: { cookie: adminCookie, 'content-type': 'application/json' },
      body: JSON.stringify({ gateId, deviceId: 'north-2' }),
    });
    const { token } = (await device.json()) as { token: string };

    await page.goto(`${url}/#/entries`);
    await expect.poll(() => page.locator('cp-entry-log h2').count(), slow).toBe(1);
    const banner = page.locator('cp-fever-banner [role=alert]');
    // The stream may open a moment after the page: send until the banner shows, each a new entry.
    await expect
      .poll(async () => {
        await ingest(token, [
          makeEntryRecord(
            { deviceId: 'north-2', gateId },
            {
              flags: ['fever'],
              decision: 'referred',
              subject: { category: 'visitor', personId: null, name: '李四', idHash: null, idMasked: null, scan: null },
              readings: [{ valueC: 38.4, source: 'infrared', at: '2026-11-25T08:30:00.000+08:00', ambientC: 4.5 }],
            },
          ),
        ]);
        return banner.count();
      }, slow)
      .toBe(1);
    await expect.poll(() => banner.textContent(), slow).toContain('李四');
    expect(await banner.textContent()).toContain('38.4');
    await page.screenshot({ path: resolve(SHOTS, 'accounts-fever-banner-zh.png') });
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => banner.textContent(), slow).toContain('Fever alert');
    await page.screenshot({ path: resolve(SHOTS, 'accounts-fever-banner-en.png') });
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => banner.count(), slow).toBe(0);
    await context.close();
  });
});
