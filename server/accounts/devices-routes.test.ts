import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceEnrollResponse, DeviceListResponse } from '../../protocol/accounts.ts';
import { ApiError } from '../../protocol/sync.ts';
import { hashToken } from './devices.ts';
import { closeTestApp, openTestApp, signIn, type TestApp } from '../../test/support/server-app.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';

let test: TestApp;
let admin: string;
const clock = { now: 0 };
beforeEach(async () => {
  clock.now = Date.parse('2026-11-25T08:00:00.000Z');
  test = await openTestApp({ now: () => new Date(clock.now) });
  admin = await signIn(test, 'admin1', 'admin');
});
afterEach(async () => {
  await closeTestApp(test);
});

function enroll(payload: Record<string, unknown>) {
  return test.app.inject({ method: 'POST', url: '/api/v1/devices', headers: { cookie: admin }, payload });
}

async function devices() {
  return DeviceListResponse.parse(
    (await test.app.inject({ method: 'GET', url: '/api/v1/devices', headers: { cookie: admin } })).json(),
  );
}

describe('device enrolment by an admin', () => {
  it('answers the token once, stores only its hash, and the token works for ingest', async () => {
    const response = await enroll({ gateId: test.gate.gateId, deviceId: 'north-gate-2', label: '北门 2号机' });
    expect(response.statusCode).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = DeviceEnrollResponse.parse(response.json());
    expect(body).toMatchObject({ deviceId: 'north-gate-2', gateId: test.gate.gateId, enrolledAt: '2026-11-25T08:00:00.000Z' });
    const row = await test.gate.db.selectFrom('devices').selectAll().where('id', '=', 'north-gate-2').executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashToken(body.token));
    expect(JSON.stringify(row)).not.toContain(body.token);

    const listed = await devices();
    expect(JSON.stringify(listed)).not.toContain(body.token);
    expect(listed.devices.find((d) => d.id === 'north-gate-2')).toMatchObject({
      gateName: '北门',
      label: '北门 2号机',
      revokedAt: null,
      lastSeenAt: null,
    });

    const record = makeEntryRecord({ deviceId: 'north-gate-2', gateId: test.gate.gateId });
    clock.now += 60_000;
    const ingest = await test.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { authorization: `Bearer ${body.token}` },
      payload: { batchId: 'b', entries: [record] },
    });
    expect(ingest.statusCode).toBe(200);
    expect((await devices()).devices.find((d) => d.id === 'north-gate-2')?.lastSeenAt).toBe('2026-11-25T08:01:00.000Z');
    // Within the minute nothing is written; after it, the time moves on.
    const deviceConfig = () =>
      test.app.inject({ method: 'GET', url: '/api/v1/device/config', headers: { authorization: `Bearer ${body.token}` } });
    clock.now += 30_000;
    await deviceConfig();
    expect((await devices()).devices.find((d) => d.id === 'north-gate-2')?.lastSeenAt).toBe('2026-11-25T08:01:00.000Z');
    clock.now += 30_000;
    await deviceConfig();
    expect((await devices()).devices.find((d) => d.id === 'north-gate-2')?.lastSeenAt).toBe('2026-11-25T08:02:00.000Z');
  });

  it('mints a device id when none is given, and lists every gate', async () => {
    const body = DeviceEnrollResponse.parse((await enroll({ gateId: test.gate.gateId })).json());
    expect(body.deviceId).toMatch(/^gate-[0-9a-f]{8}$/);
    const listed = await devices();
    expect(listed.gates).toEqual([{ id: test.gate.gateId, name: '北门' }]);
    expect(listed.devices.map((d) => d.id).sort()).toEqual([body.deviceId, test.gate.deviceId].sort());
  });

  it('refuses an unknown gate (404), a taken id (409) and a malformed body (400) with reasons', async () => {
    const unknown = await enroll({ gateId: 'no-such-gate' });
    expect(unknown.statusCode).toBe(404);
    expect(ApiError.parse(unknown.json()).error).toBe('unknown-gate');
    const taken = await enroll({ gateId: test.gate.gateId, deviceId: test.gate.deviceId });
    expect(taken.statusCode).toBe(409);
    expect(ApiError.parse(taken.json()).error).toBe('device-id-taken');
    const malformed = await enroll({ gateId: test.gate.gateId, deviceId: 'has spaces' });
    expect(malformed.statusCode).toBe(400);
    expect(ApiError.parse(malformed.json()).message).toContain('deviceId');
  });

  it('revokes: the device can no longer ingest, the list shows when, and the action is audited', async () => {
    const revoke = await test.app.inject({
      method: 'POST',
      url: `/api/v1/devices/${test.gate.deviceId}/revoke`,
      headers: { cookie: admin },
    });
    expect(revoke.statusCode).toBe(200);
    const ingest = await test.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { authorization: `Bearer ${test.gate.deviceToken}` },
      payload: { batchId: 'b', entries: [makeEntryRecord(test.gate)] },
    });
    expect(ingest.statusCode).toBe(401);
    expect((await devices()).devices[0]?.revokedAt).toBe('2026-11-25T08:00:00.000Z');
    const audit = await test.gate.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', 'like', 'device.%')
      .execute();
    expect(audit).toEqual([{ action: 'device.revoke', detail: JSON.stringify({ deviceId: test.gate.deviceId }) }]);
    expect(
      (await test.app.inject({ method: 'POST', url: '/api/v1/devices/nothing/revoke', headers: { cookie: admin } })).statusCode,
    ).toBe(404);
  });

  it('is for admins only', async () => {
    const community = await signIn(test, 'staff1', 'community');
    expect((await test.app.inject({ method: 'GET', url: '/api/v1/devices', headers: { cookie: community } })).statusCode).toBe(
      403,
    );
    expect(
      (
        await test.app.inject({
          method: 'POST',
          url: '/api/v1/devices',
          headers: { cookie: community },
          payload: { gateId: test.gate.gateId },
        })
      ).statusCode,
    ).toBe(403);
  });
});
