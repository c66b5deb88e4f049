import { statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserView } from '../protocol/accounts.ts';
import { PinCheckAnswer } from '../protocol/guard-pin.ts';
import { RosterSnapshot, type DeviceConfig } from '../protocol/roster.ts';
import { buildGateKit } from '../hardware/gate-kit.ts';
import { GuardPinStore } from '../hardware/guard-pins/guard-pin-store.ts';
import { ScreenPairing } from '../hardware/pairing/screen-pairing.ts';
import { RosterCache } from '../hardware/roster/roster-cache.ts';
import { buildGateService } from '../hardware/service/gate-service.ts';
import type { GateLogger } from '../hardware/service/gate-logger.ts';
import { gateHostNames } from '../hardware/service/screen-access.ts';
import { Spool } from '../hardware/spool/spool.ts';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { enrollDevice } from '../server/accounts/devices.ts';
import { createUser } from '../server/accounts/sessions.ts';
import { buildApp } from '../server/app.ts';
import { openDataDir } from '../server/setup/data-dir.ts';
import { mockKitConfig } from './support/gate-route-list.ts';

/**
 * A PIN typed on a paired screen, checked by the real gate service against the hashes it fetched
 * from a real community server (SQLite): the lockout per guard, a new PIN from the console lifting
 * it, and sign-in with the server gone. The gate's clock is the test's, so a five-minute lock passes
 * without waiting.
 */
const closing: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

const T0 = Date.parse('2026-12-05T08:00:00Z');

interface Server {
  app: FastifyInstance;
  url: string;
  admin: string;
  communityId: string;
  deviceToken: string;
}

/** A real community server over SQLite in a temporary folder, with one gate, its device and an admin. */
async function communityServer(): Promise<Server> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cp-pins-server-'));
  const { db, keys } = await openDataDir(dataDir);
  const now = new Date().toISOString();
  const communityId = uuidv7();
  const gateId = uuidv7();
  await db.insertInto('communities').values({ id: communityId, name: '测试小区', roster_version: 1, created_at: now }).execute();
  await db.insertInto('gates').values({ id: gateId, community_id: communityId, name: '北门', note: null }).execute();
  const { token } = await enrollDevice(db, { deviceId: 'gate-pins-1', gateId, now });
  await createUser(db, { username: 'admin1', password: 'pw-admin1-secret', role: 'admin', now });
  const app = await buildApp({ db, keys, logger: false, consoleDir: dataDir });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  closing.push(async () => {
    await app.close();
    await db.destroy();
  });
  const session = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { username: 'admin1', password: 'pw-admin1-secret' },
  });
  const cookie = session.cookies.find((c) => c.name === 'cp_session');
  if (!cookie) throw new Error(`admin sign-in failed: ${session.statusCode} ${session.body}`);
  return { app, url, admin: `cp_session=${cookie.value}`, communityId, deviceToken: token };
}

/** A guard created and given a PIN in the console, as an admin does it. */
async function guardWithPin(server: Server, username: string, pin: string): Promise<string> {
  const api = (url: string, payload: object) =>
    server.app.inject({ method: 'POST', url, headers: { cookie: server.admin }, payload });
  const created = await api('/api/v1/users', {
    username,
    password: `pw-${username}-secret`,
    role: 'guard',
    compoundId: server.communityId,
  });
  expect(created.statusCode, created.body).toBe(201);
  const { id } = UserView.parse(created.json());
  const set = await api(`/api/v1/users/${id}/pin`, { pin });
  expect(set.statusCode, set.body).toBe(200);
  return id;
}

interface Gate {
  url: string;
  dataDir: string;
  clock: { ms: number };
  logs: string[];
  close: () => Promise<void>;
}

async function startGate(serverUrl: string, deviceToken: string, dataDir: string, clock = { ms: T0 }): Promise<Gate> {
  const logs: string[] = [];
  const logger: GateLogger = {
    info: (m) => logs.push(`info ${m}`),
    warn: (m) => logs.push(`warn ${m}`),
    error: (m) => logs.push(`error ${m}`),
  };
  const config = mockKitConfig(serverUrl, deviceToken);
  const kit = await buildGateKit(config, { logger, backoff: { initialMs: 10, maxMs: 50 } });
  const spool = new Spool(dataDir);
  const pairing = new ScreenPairing(dataDir);
  const guardPins = new GuardPinStore(dataDir);
  const app = await buildGateService({
    config: { serverUrl, deviceToken, kioskDir: join(tmpdir(), 'no-kiosk-here') },
    devices: kit.devices,
    simulator: kit.simulator,
    deviceConfig: { current: null as DeviceConfig | null },
    spool,
    rosterCache: new RosterCache(dataDir, logger),
    pairing,
    guardPins,
    guardPinSyncMs: 200,
    allowedHosts: gateHostNames([]),
    fetch,
    logger,
    uplinkTimeoutMs: 2_000,
    now: () => new Date(clock.ms),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const close = async () => {
    await app.close();
    guardPins.close();
    pairing.close();
    spool.close();
    await kit.close();
  };
  closing.push(close);
  return { url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`, dataDir, clock, logs, close };
}

/** Pairs a screen as an operator would (a code from the gate's pairing file, entered over HTTP). */
async function pairScreen(gate: Gate): Promise<string> {
  const pairing = new ScreenPairing(gate.dataDir);
  const code = pairing.issueCode(new Date(gate.clock.ms));
  pairing.close();
  const response = await fetch(`${gate.url}/pairing`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, name: 'sign-in test' }),
  });
  const cookie = /checkpoint_screen=([\w-]+)/.exec(response.headers.get('set-cookie') ?? '');
  if (!response.ok || !cookie) throw new Error(`pairing failed: ${response.status}`);
  return cookie[1]!;
}

async function checkPin(
  gate: Gate,
  screen: string,
  guardId: string,
  pin: string,
): Promise<{ status: number; answer: PinCheckAnswer }> {
  const response = await fetch(`${gate.url}/pin-check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `checkpoint_screen=${screen}` },
    body: JSON.stringify({ guardId, pin }),
  });
  return { status: response.status, answer: PinCheckAnswer.parse(await response.json()) };
}

/** Wrong PINs, each as soon as the gate allows the next, until it answers `locked`; answers how many were counted. */
async function guessUntilLocked(gate: Gate, screen: string, guardId: string): Promise<PinCheckAnswer[]> {
  const answers: PinCheckAnswer[] = [];
  for (let guess = 0; guess < 50; guess++) {
    const { answer } = await checkPin(gate, screen, guardId, String(100000 + guess));
    answers.push(answer);
    if (answer.outcome === 'locked') return answers;
    if (answer.outcome === 'wrong-pin' && answer.retryAt) gate.clock.ms = Date.parse(answer.retryAt);
  }
  throw new Error(`never locked: ${JSON.stringify(answers)}`);
}

describe('guard sign-in checked by the gate', () => {
  it('accepts the right PIN from a paired screen, and no roster the gate serves carries a hash', async () => {
    const server = await communityServer();
    const wang = await guardWithPin(server, 'guard-wang', '482193');
    const gate = await startGate(server.url, server.deviceToken, await mkdtemp(join(tmpdir(), 'cp-pins-gate-')));
    const screen = await pairScreen(gate);

    expect(await checkPin(gate, screen, wang, '482193')).toEqual({ status: 200, answer: { outcome: 'accepted', guardId: wang } });
    expect(await checkPin(gate, screen, wang, '482194')).toEqual({
      status: 403,
      answer: { outcome: 'wrong-pin', triesLeft: 4, retryAt: null },
    });
    const unpaired = await fetch(`${gate.url}/pin-check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ guardId: wang, pin: '482193' }),
    });
    expect(unpaired.status).toBe(401);

    const roster = await fetch(`${gate.url}/uplink/roster`, { headers: { cookie: `checkpoint_screen=${screen}` } });
    const body = await roster.text();
    expect(RosterSnapshot.parse(JSON.parse(body)).guards).toEqual([{ id: wang, name: 'guard-wang' }]);
    expect(body).not.toMatch(/scrypt|PBKDF2|"salt"|"hash"|"pin"/);
    expect(statSync(join(gate.dataDir, 'guard-pins.sqlite')).mode & 0o777).toBe(0o600);
  });

  it('locks a guard after five wrong PINs: the right one is refused until the lock ends, on any screen', async () => {
    const server = await communityServer();
    const wang = await guardWithPin(server, 'guard-wang', '482193');
    const li = await guardWithPin(server, 'guard-li', '0427');
    const gate = await startGate(server.url, server.deviceToken, await mkdtemp(join(tmpdir(), 'cp-pins-gate-')));
    const [screen, other] = [await pairScreen(gate), await pairScreen(gate)];

    const answers = await guessUntilLocked(gate, screen, wang);
    expect(answers.map((a) => (a.outcome === 'wrong-pin' ? a.triesLeft : a.outcome))).toEqual([4, 3, 2, 1, 'locked']);
    const until = new Date(gate.clock.ms + 5 * 60_000).toISOString();
    expect(answers.at(-1)).toEqual({ outcome: 'locked', scope: 'guard', until });

    for (const from of [screen, other]) {
      const refused = await checkPin(gate, from, wang, '482193');
      expect(refused).toEqual({ status: 429, answer: { outcome: 'locked', scope: 'guard', until } });
    }
    // Another guard signs in on the same screen meanwhile, once the screen's pause after five wrong
    // PINs is over: the lock is the guard's, not the screen's.
    expect((await checkPin(gate, screen, li, '0427')).answer.outcome).toBe('too-soon');
    gate.clock.ms += 4_000;
    expect((await checkPin(gate, screen, li, '0427')).answer).toEqual({ outcome: 'accepted', guardId: li });
    expect(gate.logs.join('\n')).not.toContain('482193');

    gate.clock.ms = Date.parse(until);
    expect((await checkPin(gate, screen, wang, '482193')).answer).toEqual({ outcome: 'accepted', guardId: wang });
  });

  it('locks a screen after ten wrong PINs spread over guards, for every guard on it, while other screens go on', async () => {
    const server = await communityServer();
    const ids = [
      await guardWithPin(server, 'guard-a', '111111'),
      await guardWithPin(server, 'guard-b', '222222'),
      await guardWithPin(server, 'guard-c', '333333'),
    ];
    const gate = await startGate(server.url, server.deviceToken, await mkdtemp(join(tmpdir(), 'cp-pins-gate-')));
    const [spray, other] = [await pairScreen(gate), await pairScreen(gate)];
    const answers: PinCheckAnswer[] = [];
    for (const [guard, tries] of [
      [ids[0]!, 4],
      [ids[1]!, 4],
      [ids[2]!, 2],
    ] as const) {
      for (let i = 0; i < tries; i++) {
        const { answer } = await checkPin(gate, spray, guard, '999999');
        answers.push(answer);
        const retryAt = answer.outcome === 'wrong-pin' || answer.outcome === 'too-soon' ? answer.retryAt : null;
        if (retryAt) gate.clock.ms = Date.parse(retryAt);
      }
    }
    expect(answers.slice(0, 9).every((a) => a.outcome === 'wrong-pin')).toBe(true);
    const until = new Date(gate.clock.ms + 5 * 60_000).toISOString();
    expect(answers.at(-1)).toEqual({ outcome: 'locked', scope: 'screen', until });
    expect((await checkPin(gate, spray, ids[2]!, '333333')).answer).toEqual({ outcome: 'locked', scope: 'screen', until });
    // Guard c's own pause after two wrong PINs is over a second later; the spray screen's lock is not.
    gate.clock.ms += 1_000;
    expect((await checkPin(gate, spray, ids[2]!, '333333')).answer).toMatchObject({ outcome: 'locked', scope: 'screen' });
    expect((await checkPin(gate, other, ids[2]!, '333333')).answer).toEqual({ outcome: 'accepted', guardId: ids[2] });
  });

  it('a new PIN set in the console reaches the gate and lifts the lock; the PIN works with the server gone and the gate restarted', async () => {
    const server = await communityServer();
    const wang = await guardWithPin(server, 'guard-wang', '482193');
    const dataDir = await mkdtemp(join(tmpdir(), 'cp-pins-gate-'));
    const gate = await startGate(server.url, server.deviceToken, dataDir);
    const screen = await pairScreen(gate);
    await guessUntilLocked(gate, screen, wang);
    gate.clock.ms += 4_000;

    const reset = await server.app.inject({
      method: 'POST',
      url: `/api/v1/users/${wang}/pin`,
      headers: { cookie: server.admin },
      payload: { pin: '640175' },
    });
    expect(reset.statusCode).toBe(200);
    // The gate refreshes every 200 ms here (every minute at a real gate).
    await expect
      .poll(async () => (await checkPin(gate, screen, wang, '640175')).answer.outcome, { timeout: 10_000, interval: 250 })
      .toBe('accepted');
    expect((await checkPin(gate, screen, wang, '482193')).answer.outcome).toBe('wrong-pin');
    gate.clock.ms += 5_000;

    // The community server goes away (its port closes); sign-in goes on at the gate.
    await new Promise((done) => server.app.server.close(done));
    server.app.server.closeAllConnections();
    await gate.close();
    closing.splice(closing.indexOf(gate.close), 1);
    const restarted = await startGate(server.url, server.deviceToken, dataDir, gate.clock);
    expect((await checkPin(restarted, screen, wang, '640175')).answer).toEqual({ outcome: 'accepted', guardId: wang });
    expect(restarted.logs.join('\n')).toMatch(/guard PINs not refreshed/);
  });
});
