import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RetentionSetting } from '../../protocol/accounts.ts';
import { effectiveRetentionDays } from './retention.ts';
import { closeTestApp, openTestApp, signIn, type TestApp } from '../../test/support/server-app.ts';

let test: TestApp;
let admin: string;
beforeEach(async () => {
  test = await openTestApp({ retentionDays: 21 });
  admin = await signIn(test, 'admin1', 'admin');
});
afterEach(async () => {
  await closeTestApp(test);
});

const get = () => test.app.inject({ method: 'GET', url: '/api/v1/settings/retention', headers: { cookie: admin } });
const put = (payload: Record<string, unknown>) =>
  test.app.inject({ method: 'PUT', url: '/api/v1/settings/retention', headers: { cookie: admin }, payload });

describe('/api/v1/settings/retention', () => {
  it('shows the configured days until an admin sets them; the purge then uses the new value', async () => {
    expect(RetentionSetting.parse((await get()).json())).toEqual({ days: 21, source: 'configured' });
    expect(RetentionSetting.parse((await put({ days: 14 })).json())).toEqual({ days: 14, source: 'settings' });
    expect(RetentionSetting.parse((await put({ days: 60 })).json())).toEqual({ days: 60, source: 'settings' });
    expect(await effectiveRetentionDays(test.gate.db, 21)).toMatchObject({ ok: true, days: 60 });
    const audited = await test.gate.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'settings.retention')
      .execute();
    expect(audited.map((r) => r.detail)).toEqual(['{"days":14}', '{"days":60}']);
  });

  it('refuses a value out of range with the reason', async () => {
    const response = await put({ days: 0 });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('days');
    expect(RetentionSetting.parse((await get()).json()).source).toBe('configured');
  });
});
