import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScreenPairing } from '../../hardware/pairing/screen-pairing.ts';
import { makeEntryRecord } from '../support/entry-record.ts';
import { fromLan, type LanAnswer, type LanRequest } from '../support/lan-client.ts';
import { createLanNamespace, lanNamespaceUnavailable, type LanNamespace } from '../support/lan-namespace.ts';
import { gateRouteList } from '../support/gate-route-list.ts';
import { readDemo, type DemoAccount } from '../support/parts.ts';
import { ROOT } from '../support/system.ts';
import { handOverUntilAnswered } from './batch-sender.ts';
import { startGateProcess, writeGateConfig, type GateProcess } from './gate-process.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

/*
 * Drill (issue 15): the gate and the community server as a second machine on their LAN meets them.
 * A network namespace joined by a veth pair is that machine; a real gate process listens on every
 * interface (`"host": "0.0.0.0"`, as a gate with a kiosk tablet on the LAN does, with `hostNames`)
 * and a real community server on the LAN address over TLS, the gate reaching it with the community
 * CA. From inside the namespace, with no credential: every route in the gate's own route table and
 * its event stream; a forged entry hand-over (nothing in the gate's spool, nothing on the server);
 * then DNS rebinding (a foreign Host with a matching Origin) against both. A screen paired with a
 * code from the gate shows that the same road is open to a client with the credential.
 */

const unavailable = lanNamespaceUnavailable();
const EXPECTED = {
  open: ['GET /', 'HEAD /', 'GET /index.html', 'HEAD /index.html'],
  pairing: 'POST /pairing',
  metrics: ['GET /metrics', 'HEAD /metrics'],
};

describe.skipIf(unavailable !== null)(
  `an unpaired client on the gate's LAN${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let lan: LanNamespace;
    let server: ServerProcess;
    let gate: GateProcess;
    /** The gate as the LAN client reaches it: by its address on the link, and by its name. */
    let gateLanUrl: string;
    let gatePort: string;
    /** Strings no answer to an unpaired or rebound client may hold: people's names, passes, the device token. */
    let secrets: string[];

    beforeAll(async () => {
      lan = createLanNamespace();
      server = await startServerProcess({ tls: true, host: lan.hostAddress, logLevel: 'warn' });
      gate = await startGateProcess(
        server.dataDir,
        server.url,
        writeGateConfig(server, { serverCa: server.tls!.caCert, host: '0.0.0.0', hostNames: ['gate.lan'] }),
      );
      gatePort = new URL(gate.url).port;
      gateLanUrl = `http://${lan.hostAddress}:${gatePort}`;
      const accounts = readDemo<DemoAccount[]>(server.dataDir, 'demo-accounts.json');
      const passes = readDemo<{ name: string; pass: string }[]>(server.dataDir, 'demo-passes.json');
      secrets = [
        server.gate.deviceToken,
        ...accounts.flatMap((a) => (a.displayName ? [a.displayName] : [])),
        ...passes.flatMap((p) => [p.name, p.pass]),
      ];
    }, 180_000);

    afterAll(async () => {
      try {
        await gate?.stop();
        await server?.stop();
      } finally {
        lan?.remove();
      }
    });

    const leaks = (answers: LanAnswer[]) => answers.flatMap((answer) => secrets.filter((secret) => answer.body.includes(secret)));
    const spoolCount = () => gate.spoolIds().length;
    const serverCount = async () => (await server.storedEntryIds()).length;

    it('refuses every gate route but the page and the pairing form, and the event stream', async () => {
      const asset = readdirSync(resolve(ROOT, 'dist/kiosk/assets'))[0]!;
      const routes = [
        ...(await gateRouteList()),
        { method: 'GET', url: '/index.html' },
        { method: 'HEAD', url: '/index.html' },
        { method: 'GET', url: `/assets/${asset}` },
      ];
      expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
        expect.arrayContaining(['POST /spool/entries', 'GET /uplink/roster']),
      );
      const requests: LanRequest[] = routes.map((route) => ({
        method: route.method,
        url: `${gateLanUrl}${route.url}`,
        ...(['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method)
          ? { headers: { 'content-type': 'application/json' }, body: '{}' }
          : {}),
      }));
      const answers = await fromLan(lan, requests);
      const outcome = (i: number) => `${routes[i]!.method} ${routes[i]!.url} ${answers[i]!.status}`;
      const seen = answers.map((answer, i) => {
        const route = `${routes[i]!.method} ${routes[i]!.url}`;
        if (EXPECTED.open.includes(route) || route.startsWith('GET /assets/')) return `${route} ${answer.status}`;
        if (route === EXPECTED.pairing) return `${outcome(i)} ${JSON.parse(answer.body).error}`;
        if (route.startsWith('HEAD ')) return outcome(i);
        return `${outcome(i)} ${answer.body ? JSON.parse(answer.body).error : ''}`;
      });
      const expected = routes.map((route) => {
        const name = `${route.method} ${route.url}`;
        if (EXPECTED.open.includes(name) || name.startsWith('GET /assets/')) return `${name} 200`;
        if (name === EXPECTED.pairing) return `${name} 400 invalid-code`;
        if (route.url.startsWith('/dock/')) return route.method === 'HEAD' ? `${name} 403` : `${name} 403 not-loopback`;
        if (EXPECTED.metrics.includes(name)) return route.method === 'HEAD' ? `${name} 401` : `${name} 401 monitor-unauthorized`;
        return route.method === 'HEAD' ? `${name} 401` : `${name} 401 not-paired`;
      });
      expect(seen).toEqual(expected);
      // What is open holds nothing: the page is the kiosk's build, the same for everyone.
      expect(answers[routes.findIndex((r) => r.method === 'GET' && r.url === '/')]!.body).toBe(
        readFileSync(resolve(ROOT, 'dist/kiosk/index.html'), 'utf8'),
      );
      expect(leaks(answers)).toEqual([]);

      const [bare, forged, forgedCookie] = await fromLan(lan, [
        { method: 'WEBSOCKET', url: `ws://${lan.hostAddress}:${gatePort}/events` },
        { method: 'WEBSOCKET', url: `ws://${lan.hostAddress}:${gatePort}/events`, headers: { authorization: 'Bearer made-up' } },
        {
          method: 'WEBSOCKET',
          url: `ws://${lan.hostAddress}:${gatePort}/events`,
          headers: { cookie: 'checkpoint_screen=made-up' },
        },
      ]);
      for (const attempt of [bare, forged, forgedCookie]) expect(attempt).toMatchObject({ opened: false, status: 401 });
    }, 120_000);

    it('keeps nothing from a forged entry hand-over, and nothing reaches the server', async () => {
      // First a real hand-over from the gate's own paired screen, so the counts below can move.
      const real = makeEntryRecord(server.gate);
      await handOverUntilAnswered(gate.url, [real]);
      await expect.poll(async () => (await server.storedEntryIds()).includes(real.id), { timeout: 60_000 }).toBe(true);
      const [spoolBefore, serverBefore] = [spoolCount(), await serverCount()];

      const forgedEntries = Array.from({ length: 3 }, () => makeEntryRecord(server.gate));
      const body = JSON.stringify({ entries: forgedEntries });
      const headers = { 'content-type': 'application/json' };
      const answers = await fromLan(lan, [
        { method: 'POST', url: `${gateLanUrl}/spool/entries`, headers, body },
        { method: 'POST', url: `${gateLanUrl}/spool/entries`, headers: { ...headers, authorization: 'Bearer made-up' }, body },
        {
          method: 'POST',
          url: `${gateLanUrl}/spool/entries`,
          headers: { ...headers, cookie: 'checkpoint_screen=made-up' },
          body,
        },
        // The route the issue found open (before the spool it was the hand-over).
        { method: 'POST', url: `${gateLanUrl}/uplink/entries`, headers, body },
        { method: 'POST', url: `${gateLanUrl}/spool/entries`, headers: { ...headers, host: `gate.lan:${gatePort}` }, body },
      ]);
      expect(answers.map((a) => a.status)).toEqual(Array(5).fill(401));
      expect(answers.map((a) => (JSON.parse(a.body) as { error: string }).error)).toEqual(Array(5).fill('not-paired'));
      // Several forwarder rounds later: nothing more in the spool, nothing more on the server.
      await new Promise((done) => setTimeout(done, 2_000));
      expect(spoolCount()).toBe(spoolBefore);
      expect(await serverCount()).toBe(serverBefore);
      const stored = new Set(await server.storedEntryIds());
      expect(forgedEntries.filter((entry) => stored.has(entry.id))).toEqual([]);
    }, 120_000);

    it('answers DNS rebinding with 421 on the gate and the server, data-free, even for a paired screen', async () => {
      const gateRebound = { host: `rebind.example:${gatePort}`, origin: `http://rebind.example:${gatePort}` };
      const serverPort = new URL(server.url).port;
      const serverRebound = { host: `rebind.example:${serverPort}`, origin: `http://rebind.example:${serverPort}` };
      const ca = server.tls!.caCert;
      const accounts = readDemo<DemoAccount[]>(server.dataDir, 'demo-accounts.json');
      const staff = accounts.find((a) => a.role === 'community')!;
      const guard = accounts.find((a) => a.role === 'guard')!;

      // A screen on the LAN pairs with the gate's code: its credential works by the gate's address and name.
      const pairing = new ScreenPairing(gate.dataDir);
      const code = pairing.issueCode(new Date());
      pairing.close();
      const json = { 'content-type': 'application/json' };
      const [paired] = await fromLan(lan, [
        { method: 'POST', url: `${gateLanUrl}/pairing`, headers: json, body: JSON.stringify({ code, name: 'lan tablet' }) },
      ]);
      expect(paired!.status).toBe(200);
      const cookieHeader = paired!.setCookie!;
      expect(cookieHeader).toMatch(/^checkpoint_screen=/);

      const gatePaths = ['/', '/uplink/roster', '/spool/status', '/spool/entries?since=2000-01-01T00:00:00Z', '/pairing/status'];
      const requests: LanRequest[] = [
        ...gatePaths.map((path) => ({ method: 'GET', url: `${gateLanUrl}${path}`, headers: gateRebound })),
        ...gatePaths.map((path) => ({
          method: 'GET',
          url: `${gateLanUrl}${path}`,
          headers: { ...gateRebound, cookie: cookieHeader },
        })),
        {
          method: 'POST',
          url: `${gateLanUrl}/pairing`,
          headers: { ...gateRebound, ...json },
          body: JSON.stringify({ code: '123456' }),
        },
        {
          method: 'WEBSOCKET',
          url: `ws://${lan.hostAddress}:${gatePort}/events`,
          headers: { ...gateRebound, cookie: cookieHeader },
        },
        ...['/', '/api/v1/health', '/api/v1/session'].map((path) => ({
          method: 'GET',
          url: `${server.url}${path}`,
          headers: serverRebound,
          ca,
        })),
        {
          method: 'GET',
          url: `${server.url}/api/v1/roster`,
          headers: { ...serverRebound, authorization: `Bearer ${server.gate.deviceToken}` },
          ca,
        },
        {
          method: 'POST',
          url: `${server.url}/api/v1/session`,
          headers: { ...serverRebound, ...json },
          body: JSON.stringify({ username: staff.username, password: staff.password }),
          ca,
        },
      ];
      const answers = await fromLan(lan, requests);
      expect(answers.map((a) => a.status)).toEqual(Array(requests.length).fill(421));
      expect(answers.filter((a) => a.setCookie)).toEqual([]);
      expect(leaks(answers)).toEqual([]);
      expect(answers.filter((a) => a.body.length > 300).map((a) => a.body.slice(0, 80))).toEqual([]);

      // The same requests with the gate's and the server's own names are answered: the refusal is the Host.
      const own = await fromLan(lan, [
        { method: 'GET', url: `${gateLanUrl}/uplink/roster`, headers: { cookie: cookieHeader } },
        { method: 'GET', url: `${gateLanUrl}/spool/status`, headers: { host: `gate.lan:${gatePort}`, cookie: cookieHeader } },
        { method: 'GET', url: `${server.url}/api/v1/health`, ca },
      ]);
      expect(own.map((a) => a.status)).toEqual([200, 200, 200]);
      expect(own[0]!.body).toContain(guard.displayName ?? guard.username);
    }, 120_000);
  },
);
