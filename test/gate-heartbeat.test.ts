import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GateReport } from '../protocol/fleet.ts';
import { GATE_PROTOCOL, PROTOCOL_HEADER } from '../protocol/protocol-version.ts';
import type { DatabaseIdentity } from '../protocol/server-identity.ts';
import { DeviceHealth } from '../hardware/operations/device-health.ts';
import { GateHeartbeat, type HeartbeatSent } from '../hardware/operations/gate-heartbeat.ts';
import { registerGateMetrics } from '../hardware/operations/gate-metrics.ts';
import { gateReport } from '../hardware/operations/gate-report.ts';
import { enrollDevice } from '../server/accounts/devices.ts';
import { buildApp } from '../server/app.ts';
import type { Database } from '../server/db/schema.ts';
import { fleetView } from '../server/operations/fleet.ts';
import { openDataDir } from '../server/setup/data-dir.ts';

/**
 * The gate's side of the fleet: its devices' health from their statuses, its heartbeat to a real
 * community server (SQLite in a temporary folder) over HTTP, and its own /metrics.
 */
const DATABASE: DatabaseIdentity = { id: uuidv7(), createdAt: '2026-12-01T00:00:00.000Z', restoredFrom: null };
const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

async function server(): Promise<{ url: string; db: Kysely<Database>; token: string; app: FastifyInstance }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cp-heartbeat-'));
  const { db, keys } = await openDataDir(dataDir);
  const communityId = uuidv7();
  const gateId = uuidv7();
  await db
    .insertInto('communities')
    .values({ id: communityId, name: '测试小区', roster_version: 1, created_at: new Date().toISOString() })
    .execute();
  await db.insertInto('gates').values({ id: gateId, community_id: communityId, name: '北门', note: null }).execute();
  const { token } = await enrollDevice(db, { deviceId: 'gate-hb-1', gateId, now: new Date().toISOString() });
  const app = await buildApp({ db, keys, logger: false, consoleDir: dataDir });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  closing.push(async () => {
    await app.close();
    await db.destroy();
  });
  return { url, db, token, app };
}

function health(): DeviceHealth {
  const devices = new DeviceHealth();
  const at = (s: number) => new Date(Date.UTC(2026, 11, 5, 2, 0, s)).toISOString();
  devices.note({ type: 'device-status', deviceId: 'scanner-1', device: 'scanner', at: at(0), state: 'connected', reason: null });
  devices.note({
    type: 'device-status',
    deviceId: 'thermometer-1',
    device: 'thermometer',
    at: at(0),
    state: 'connected',
    reason: null,
  });
  devices.note({
    type: 'device-status',
    deviceId: 'thermometer-1',
    device: 'thermometer',
    at: at(5),
    state: 'reconnecting',
    reason: 'port closed: /dev/ttyUSB1 unplugged',
  });
  devices.note({
    type: 'device-status',
    deviceId: 'thermometer-1',
    device: 'thermometer',
    at: at(9),
    state: 'connected',
    reason: null,
  });
  devices.note({
    type: 'device-status',
    deviceId: 'scanner-1',
    device: 'scanner',
    at: at(12),
    state: 'reconnecting',
    reason: 'no such file /dev/ttyACM0',
  });
  return devices;
}

const SPOOL: GateReport['spool'] = {
  unsent: 3,
  rejected: 1,
  oldestUnsentAt: new Date(Date.now() - 90_000).toISOString(),
  diskFull: false,
};

function sender(url: string, token: string) {
  return async (report: GateReport): Promise<HeartbeatSent> => {
    try {
      const response = await fetch(new URL('/api/v1/device/heartbeat', url), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          [PROTOCOL_HEADER]: String(GATE_PROTOCOL),
        },
        body: JSON.stringify(report),
      });
      return { ok: true, status: response.status, body: await response.text() };
    } catch (error) {
      return { ok: false, message: `community server unreachable: ${(error as Error).message}` };
    }
  };
}

describe('the gate heartbeat', () => {
  it('tells the server each device’s state, reconnects and last error, its backlog and calibration, and hears the database', async () => {
    const { url, db, token, app } = await server();
    const devices = health();
    const databases: DatabaseIdentity[] = [];
    const warnings: string[] = [];
    const calibrationExpiresAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const heartbeat = new GateHeartbeat({
      report: () =>
        gateReport({
          now: new Date(),
          spool: SPOOL,
          devices: devices.reports({
            thermometer: { firmware: { name: 'StandardFirmata.ino', version: '2.5' }, calibrationExpiresAt },
          }),
          screens: [{ id: 'screen-1', connectedAt: new Date().toISOString(), holdingEntries: null }],
          lastError: null,
        }),
      send: sender(url, token),
      onDatabase: (database) => databases.push(database),
      logger: { info: () => {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
    });

    await heartbeat.beat();
    expect(heartbeat.state.lastError).toBeNull();
    expect(Math.abs(heartbeat.state.clockOffsetMs!)).toBeLessThan(5_000);
    expect(databases).toHaveLength(1);

    const view = await fleetView(db, { now: new Date() });
    const gate = view.gates.find((g) => g.deviceId === 'gate-hb-1')!;
    expect(gate.protocol).toBe(GATE_PROTOCOL);
    expect(gate.online).toBe(true);
    expect(gate.report?.spool).toEqual(SPOOL);
    expect(gate.report?.screens.map((s) => s.id)).toEqual(['screen-1']);
    const thermometer = gate.report?.devices.find((d) => d.device === 'thermometer');
    expect(thermometer).toMatchObject({
      state: 'connected',
      reconnects: 1,
      lastError: 'port closed: /dev/ttyUSB1 unplugged',
      calibrationExpiresAt,
    });
    expect(gate.report?.devices.find((d) => d.device === 'scanner')).toMatchObject({
      state: 'reconnecting',
      reconnects: 0,
      lastError: 'no such file /dev/ttyACM0',
    });
    expect(gate.flags).toEqual(expect.arrayContaining(['calibration-due', 'device-fault']));

    // The server goes away: the heartbeat says why, once, and the next answer clears it.
    await app.close();
    await heartbeat.beat();
    await heartbeat.beat();
    expect(heartbeat.state.lastError).toMatch(/unreachable/);
    expect(warnings.filter((w) => /unreachable/.test(w))).toHaveLength(1);
  });

  it('is refused with the reason when the device token is wrong, and keeps going', async () => {
    const { url } = await server();
    const heartbeat = new GateHeartbeat({
      report: () => gateReport({ now: new Date(), spool: SPOOL, devices: [], screens: [], lastError: null }),
      send: sender(url, 'not-the-token'),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
    });
    await heartbeat.beat();
    expect(heartbeat.state.lastError).toMatch(/HTTP 401/);
    expect(heartbeat.state.lastAnsweredAt).toBeNull();
  });
});

describe('the heartbeat timer', () => {
  it('keeps beating at an interval shorter than the spacing kept between kicks', async () => {
    const sent: string[] = [];
    const heartbeat = new GateHeartbeat({
      report: () => gateReport({ now: new Date(), spool: SPOOL, devices: [], screens: [], lastError: null }),
      send: async (report) => {
        sent.push(report.sentAt);
        return { ok: true, status: 200, body: JSON.stringify({ serverTime: new Date().toISOString(), database: DATABASE }) };
      },
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      intervalMs: 50,
    });
    heartbeat.start();
    try {
      await vi.waitFor(() => expect(sent.length).toBeGreaterThanOrEqual(4), { timeout: 5_000 });
    } finally {
      await heartbeat.stop();
    }
  });
});

describe("the gate's /metrics", () => {
  async function gate(token: string | null): Promise<FastifyInstance> {
    const app = Fastify({ logger: false });
    const devices = health();
    registerGateMetrics(
      app,
      {
        spool: () => SPOOL,
        devices: () => devices.reports(),
        heartbeat: () => ({ lastSentAt: null, lastAnsweredAt: '2026-12-05T02:00:00.000Z', lastError: null, clockOffsetMs: 0 }),
        screens: () => 1,
      },
      { token },
    );
    closing.push(() => app.close());
    return app;
  }

  it('shows spool depth, the oldest unsent age, each device up or down with its reconnects, from the gate itself', async () => {
    const app = await gate(null);
    const scraped = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(scraped.statusCode).toBe(200);
    const text = scraped.body;
    expect(text).toMatch(/^checkpoint_gate_spool_unsent 3$/m);
    expect(text).toMatch(/^checkpoint_gate_spool_rejected 1$/m);
    const age = Number(/^checkpoint_gate_spool_oldest_unsent_age_seconds (\S+)$/m.exec(text)?.[1]);
    expect(age).toBeGreaterThanOrEqual(89);
    expect(text).toMatch(/^checkpoint_gate_device_up\{device="thermometer"\} 1$/m);
    expect(text).toMatch(/^checkpoint_gate_device_up\{device="scanner"\} 0$/m);
    expect(text).toMatch(/^checkpoint_gate_device_reconnects\{device="thermometer"\} 1$/m);
    expect(text).toMatch(/^checkpoint_gate_heartbeat_answered_timestamp_seconds 1796436000$/m);
    expect(text).not.toMatch(/ttyUSB|token/i);
  });

  it('is refused from another machine without the token, and to a wrong token', async () => {
    const open = await gate(null);
    expect((await open.inject({ method: 'GET', url: '/metrics', remoteAddress: '192.0.2.7' })).statusCode).toBe(401);
    expect(
      (
        await open.inject({
          method: 'GET',
          url: '/metrics',
          remoteAddress: '127.0.0.1',
          headers: { 'x-forwarded-for': '192.0.2.7' },
        })
      ).statusCode,
    ).toBe(401);
    const guarded = await gate('gate-scrape-secret');
    const from = (authorization?: string) =>
      guarded.inject({
        method: 'GET',
        url: '/metrics',
        remoteAddress: '192.0.2.7',
        headers: authorization ? { authorization } : {},
      });
    expect((await from()).statusCode).toBe(401);
    expect((await from('Bearer wrong')).statusCode).toBe(401);
    expect((await from('Bearer gate-scrape-secret')).statusCode).toBe(200);
    // With a token set, loopback needs it too: a proxy on the gate must not open the figures.
    expect((await guarded.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(401);
  });
});
