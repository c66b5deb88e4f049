import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { GuardPinList, PinCheckAnswer } from '../../protocol/guard-pin.ts';
import { RosterSnapshot } from '../../protocol/roster.ts';
import { gateRouteList } from '../support/gate-route-list.ts';
import { gateFetch, screenHeaders } from '../support/gate-screen.ts';
import { ScreenPairing } from '../../hardware/pairing/screen-pairing.ts';
import { runCli } from '../support/system.ts';
import { startGateProcess, type GateProcess } from './gate-process.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

/*
 * Drill (issue 15): a PIN brute force against a real gate process, from a paired screen, as an
 * attacker would run it — a burst of guesses at once, then one guess each time the gate allows the
 * next. The guard is locked after five; the right PIN is then refused too, from any screen. Then
 * every route the gate has (read from the gate's own route table) and its event stream are walked
 * as a paired screen, and nothing they answer holds the guard's PIN hash or salt, which the drill
 * reads from the community server with the gate's own device token. Last, the gate's operator lists
 * the lock and lifts it with the gate's CLI, and the right PIN works again.
 */

let server: ServerProcess;
let gate: GateProcess;
beforeAll(async () => {
  server = await startServerProcess();
  gate = await startGateProcess(server.dataDir, server.url);
}, 120_000);
afterAll(async () => {
  await gate?.stop();
  await server?.stop();
});

async function tryPin(guardId: string, pin: string, init: { headers?: Record<string, string> } = {}) {
  const response = await fetch(`${gate.url}/pin-check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(init.headers ?? screenHeaders(gate.url)) },
    body: JSON.stringify({ guardId, pin }),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    answer: PinCheckAnswer.parse(await response.json()),
  };
}

/** `npm run gate -- <args>` on the demo gate's data folder, as its operator runs it. */
async function gateCli(...args: string[]): Promise<string> {
  const result = await runCli('hardware/cli/gate-cli.ts', args, { CHECKPOINT_DATA_DIR: server.dataDir });
  expect(result.code, result.output).toBe(0);
  return result.output;
}

/** Sample values for a route's parameters and a body a screen might send. */
const samplePath = (url: string) => url.replace(/:\w+/g, 'x').replace(/\*$/, 'index.html');

describe('PIN brute force against the gate', () => {
  it('locks the guard after five guesses, refuses the right PIN while locked, and no gate route gives out a hash', async () => {
    const guard = server.accounts.find((account) => account.role === 'guard' && account.pin)!;
    const roster = RosterSnapshot.parse(await (await gateFetch(`${gate.url}/uplink/roster`)).json());
    const guardId = roster.guards.find((g) => g.name === guard.displayName)!.id;
    const pins = await fetch(`${server.url}/api/v1/guard-pins`, {
      headers: { authorization: `Bearer ${server.gate.deviceToken}` },
    });
    const record = GuardPinList.parse(await pins.json()).guards.find((g) => g.id === guardId)!.pin;
    expect(record).toMatchObject({ algorithm: 'scrypt', digits: 6 });

    // A burst of guesses at once: the gate counts each before it checks any, so at most two are checked.
    const wrongPins = Array.from({ length: 1000 }, (_, i) => String(i).padStart(6, '0')).filter((pin) => pin !== guard.pin);
    const burst = await Promise.all(wrongPins.slice(0, 30).map((pin) => tryPin(guardId, pin)));
    const checkedInBurst = burst.filter((b) => b.answer.outcome === 'wrong-pin').length;
    expect(checkedInBurst).toBeLessThanOrEqual(2);
    expect(burst.filter((b) => b.answer.outcome === 'too-soon').every((b) => b.status === 429 && Number(b.retryAfter) >= 1)).toBe(
      true,
    );

    // Then one guess each time the gate allows the next, until it locks.
    let checked = checkedInBurst;
    let last = burst.at(-1)!.answer;
    for (const pin of wrongPins.slice(30)) {
      const { answer } = await tryPin(guardId, pin);
      last = answer;
      if (answer.outcome === 'wrong-pin') checked++;
      if (answer.outcome === 'locked') {
        checked++;
        break;
      }
      const retryAt = answer.outcome === 'wrong-pin' ? answer.retryAt : answer.outcome === 'too-soon' ? answer.retryAt : null;
      if (retryAt) await new Promise((done) => setTimeout(done, Math.max(0, Date.parse(retryAt) - Date.now()) + 20));
    }
    expect(checked).toBe(5);
    expect(last).toMatchObject({ outcome: 'locked', scope: 'guard' });
    const until = last.outcome === 'locked' ? Date.parse(last.until) : 0;
    expect(until - Date.now()).toBeGreaterThan(4 * 60_000);

    // The right PIN, while locked: refused, from this screen and from a second one just paired.
    const right = await tryPin(guardId, guard.pin!);
    expect(right.status).toBe(429);
    expect(right.answer).toMatchObject({ outcome: 'locked', scope: 'guard' });
    const pairing = new ScreenPairing(join(server.dataDir, 'gate'));
    const code = pairing.issueCode(new Date());
    pairing.close();
    const response = await fetch(`${gate.url}/pairing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, name: 'second screen' }),
    });
    const second = /checkpoint_screen=([\w-]+)/.exec(response.headers.get('set-cookie') ?? '')![1]!;
    expect((await tryPin(guardId, guard.pin!, { headers: { authorization: `Bearer ${second}` } })).answer).toMatchObject({
      outcome: 'locked',
    });

    // Every route the gate has, as a paired screen, and the event stream: no hash, no salt.
    const answers: string[] = [];
    const routes = await gateRouteList();
    expect(routes.map((r) => `${r.method} ${r.url}`)).toContain('POST /pin-check');
    for (const route of routes) {
      if (route.url === '/events' || route.method === 'OPTIONS') continue;
      const path = samplePath(route.url) + (route.url === '/spool/entries' ? '?since=2000-01-01T00:00:00Z' : '');
      const withBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method);
      const answer = await gateFetch(`${gate.url}${path}`, {
        method: route.method,
        ...(withBody ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ guardId, pin: '' }) } : {}),
      });
      answers.push(`${route.method} ${path} ${answer.status} ${await answer.text()}`);
    }
    expect(answers.length).toBeGreaterThan(10);
    const socket = new WebSocket(`${gate.url.replace('http', 'ws')}/events`, { headers: screenHeaders(gate.url) });
    socket.on('message', (data) => answers.push(`/events ${String(data)}`));
    await new Promise((done) => socket.once('open', done));
    await new Promise((done) => setTimeout(done, 1_000));
    socket.close();
    expect(answers.some((a) => a.startsWith('/events '))).toBe(true);
    expect(answers.some((a) => a.startsWith('GET /uplink/roster 200'))).toBe(true);

    const leaks = answers.filter((a) => a.includes(record.hash) || a.includes(record.salt) || /scrypt|PBKDF2/.test(a));
    expect(leaks).toEqual([]);
    expect(statSync(join(gate.dataDir, 'guard-pins.sqlite')).mode & 0o777).toBe(0o600);
    // The attack is in the gate's log; the gate's operator sees the lock and lifts it at the gate PC.
    expect(gate.output()).toMatch(/PIN refused, guard locked until/);
    const listed = await gateCli('pins');
    expect(listed).toMatch(new RegExp(`guard  ${guardId}  ${guard.displayName}  locked until `));
    expect(await gateCli('unlock', guard.displayName!)).toContain('unlocked');
    expect((await tryPin(guardId, guard.pin!, { headers: { authorization: `Bearer ${second}` } })).answer).toEqual({
      outcome: 'accepted',
      guardId,
    });
  }, 120_000);
});
