import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetView, GateReport, HeartbeatAnswer } from '../../protocol/fleet.ts';
import { closeTestApp, openTestApp, signIn, type TestApp } from '../../test/support/server-app.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { isOpen } from './fleet.ts';

let clock = new Date('2026-12-03T02:00:00.000Z'); // 10:00 in Beijing
const opened: TestApp[] = [];
afterEach(async () => {
  for (const test of opened.splice(0)) await closeTestApp(test);
});

async function app(): Promise<TestApp & { admin: string }> {
  clock = new Date('2026-12-03T02:00:00.000Z');
  const test = await openTestApp({ now: () => clock });
  opened.push(test);
  return { ...test, admin: await signIn(test, 'admin1', 'admin') };
}

function report(overrides: Partial<GateReport> = {}): GateReport {
  return {
    sentAt: clock.toISOString(),
    software: '0.2.0',
    spool: { unsent: 0, rejected: 0, oldestUnsentAt: null, diskFull: false },
    devices: [
      {
        device: 'thermometer',
        state: 'connected',
        firmware: { name: 'MLX90614 over StandardFirmata', version: '2.5' },
        calibrationExpiresAt: '2027-03-01T00:00:00.000Z',
        lastError: null,
        lastErrorAt: null,
        reconnects: 0,
      },
    ],
    screens: [],
    lastError: null,
    ...overrides,
  };
}

async function heartbeat(test: TestApp, body: GateReport, protocol = '2') {
  return test.app.inject({
    method: 'POST',
    url: '/api/v1/device/heartbeat',
    headers: { authorization: `Bearer ${test.gate.deviceToken}`, 'x-checkpoint-protocol': protocol },
    payload: body,
  });
}

async function fleet(test: TestApp & { admin: string }): Promise<FleetView> {
  const answer = await test.app.inject({ method: 'GET', url: '/api/v1/admin/fleet', headers: { cookie: test.admin } });
  expect(answer.statusCode).toBe(200);
  return answer.json<FleetView>();
}

describe('the fleet view', () => {
  it('shows a healthy gate with its devices and no flags, and answers the heartbeat with the server time and database', async () => {
    const test = await app();
    const answer = await heartbeat(test, report());
    expect(answer.statusCode).toBe(200);
    expect(answer.json<HeartbeatAnswer>()).toMatchObject({
      serverTime: clock.toISOString(),
      database: { id: expect.any(String) },
    });
    const view = await fleet(test);
    expect(view.gates).toHaveLength(1);
    expect(view.gates[0]).toMatchObject({ deviceId: test.gate.deviceId, online: true, protocol: 2, clockOffsetMs: 0, flags: [] });
    expect(view.gates[0]!.report?.devices[0]?.firmware?.version).toBe('2.5');
  });

  it('flags a calibration due within 7 days, a clock more than a minute off, a failed device and a full disk', async () => {
    const test = await app();
    const base = report();
    await heartbeat(
      test,
      report({
        sentAt: new Date(clock.getTime() - 95_000).toISOString(),
        spool: { ...base.spool, diskFull: true },
        devices: [
          { ...base.devices[0]!, calibrationExpiresAt: new Date(clock.getTime() + 5 * 86_400_000).toISOString() },
          {
            ...base.devices[0]!,
            device: 'scanner',
            state: 'failed',
            lastError: 'port /dev/ttyUSB1 missing',
            calibrationExpiresAt: null,
          },
        ],
      }),
    );
    const [gate] = (await fleet(test)).gates;
    expect(gate!.clockOffsetMs).toBe(95_000);
    expect(gate!.flags.sort()).toEqual(['calibration-due', 'clock-off', 'device-fault', 'disk-full']);
  });

  it('flags a backlog that grows, and stops when it drains', async () => {
    const test = await app();
    const base = report();
    await heartbeat(test, report({ spool: { ...base.spool, unsent: 5, oldestUnsentAt: clock.toISOString() } }));
    clock = new Date(clock.getTime() + 12 * 60_000);
    await heartbeat(test, report({ spool: { ...base.spool, unsent: 40, oldestUnsentAt: clock.toISOString() } }));
    expect((await fleet(test)).gates[0]!.flags).toEqual(['backlog-growing']);
    clock = new Date(clock.getTime() + 60_000);
    await heartbeat(test, report());
    expect((await fleet(test)).gates[0]!.flags).toEqual([]);
  });

  it('flags a gate silent in its opening hours, not one silent while closed', async () => {
    const test = await app();
    await heartbeat(test, report());
    clock = new Date(clock.getTime() + 30 * 60_000);
    const view = await fleet(test);
    expect(view.gates[0]).toMatchObject({ online: false, flags: ['silent'] });
    const closed = await test.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/gates/${test.gate.gateId}/opening-hours`,
      headers: { cookie: test.admin },
      payload: { openingHours: '18:00-06:00' },
    });
    expect(closed.statusCode).toBe(200);
    expect((await fleet(test)).gates[0]!.flags).toEqual([]);
  });

  it('refuses a report it cannot read, and the routes to anyone but a device and an admin', async () => {
    const test = await app();
    expect((await heartbeat(test, { ...report(), spool: { unsent: -1 } } as unknown as GateReport)).statusCode).toBe(400);
    expect((await test.app.inject({ method: 'POST', url: '/api/v1/device/heartbeat', payload: report() })).statusCode).toBe(401);
    const property = await signIn(test, 'prop1', 'property');
    expect((await test.app.inject({ method: 'GET', url: '/api/v1/admin/fleet', headers: { cookie: property } })).statusCode).toBe(
      403,
    );
  });
});

describe('gate protocol versions', () => {
  async function ingest(test: TestApp, protocol: string | null) {
    const record = makeEntryRecord(test.gate, { id: uuidv7() });
    return test.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: {
        authorization: `Bearer ${test.gate.deviceToken}`,
        ...(protocol === null ? {} : { 'x-checkpoint-protocol': protocol }),
      },
      payload: { batchId: uuidv7(), entries: [record] },
    });
  }

  it('still syncs a gate one version behind (no header: protocol 1) and the current one', async () => {
    const test = await app();
    expect((await ingest(test, null)).json()).toMatchObject({ results: [{ status: 'stored' }] });
    expect((await ingest(test, '2')).json()).toMatchObject({ results: [{ status: 'stored' }] });
  });

  it('refuses a gate too old with a reason the fleet page shows, storing nothing', async () => {
    const test = await app();
    const answer = await ingest(test, '0');
    expect(answer.statusCode).toBe(426);
    expect(answer.json()).toMatchObject({ error: 'gate-protocol-too-old', message: expect.stringContaining('protocol 0') });
    expect(await test.gate.db.selectFrom('entries').select('id').execute()).toEqual([]);
    const [gate] = (await fleet(test)).gates;
    expect(gate!.flags).toContain('protocol-refused');
    expect(gate!.refused?.reason).toMatch(/update the gate software/);
  });
});

describe('opening hours', () => {
  it('reads hours in the community time zone, across midnight too', () => {
    const at = (beijing: string) => new Date(`2026-12-03T${beijing}:00+08:00`);
    expect(isOpen('06:00-22:00', at('10:00'))).toBe(true);
    expect(isOpen('06:00-22:00', at('22:00'))).toBe(false);
    expect(isOpen('06:00-22:00', at('05:59'))).toBe(false);
    expect(isOpen('18:00-06:00', at('23:30'))).toBe(true);
    expect(isOpen('18:00-06:00', at('10:00'))).toBe(false);
    expect(isOpen(null, at('03:00'))).toBe(true);
  });
});
