import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityTlsFiles, initCommunityTls } from '../../server/setup/community-tls.ts';
import { makeEntryRecord } from '../support/entry-record.ts';
import { freePort, ROOT, runCli } from '../support/system.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

/*
 * Drill: the community server as an attacker meets it, run as in production (server/main.ts, its
 * own data folder). DNS rebinding (a foreign Host with a matching Origin), a forged write from
 * another site's page, a password spray from one address and an attempt to lock `admin` out,
 * a guard signing in to the console; then every file the run left in the data folder is checked
 * for its mode; last, a server on the certificate `npm run tls -- init` made, met by a client that
 * trusts another CA and by one that speaks plain HTTP. docs/security.md lists each attack and its
 * outcome.
 */

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown; localAddress?: string; ca?: Buffer },
): Promise<Answer> {
  const target = new URL(url);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((done, fail) => {
    const req = request(
      target,
      {
        method: options.method ?? 'GET',
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...options.headers },
        localAddress: options.localAddress,
        ca: options.ca,
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

function cookieOf(answer: Answer): string {
  const header = answer.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  if (!first) throw new Error(`no cookie: ${answer.status} ${answer.body}`);
  return first.split(';')[0]!;
}

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

function account(role: string): { username: string; password: string } {
  const found = server.accounts.find((a) => a.role === role);
  if (!found) throw new Error(`the demo has no ${role} account`);
  return found;
}

describe('DNS rebinding against the community server', () => {
  it('answers 421 to a name it does not serve, whatever Origin says, and serves its own names', async () => {
    const port = new URL(server.url).port;
    const rebound = { host: `rebind.example:${port}`, origin: `http://rebind.example:${port}` };
    for (const path of ['/', '/api/v1/health', '/api/v1/session', '/api/v1/roster', '/api/v1/review/persons?q=张']) {
      const answer = await send(`${server.url}${path}`, { headers: rebound });
      expect([path, answer.status]).toEqual([path, 421]);
    }
    const signIn = await send(`${server.url}/api/v1/session`, { method: 'POST', headers: rebound, body: account('community') });
    expect(signIn.status).toBe(421);
    expect(signIn.headers['set-cookie']).toBeUndefined();
    expect((await send(`${server.url}/api/v1/health`, { headers: { host: `localhost:${port}` } })).status).toBe(200);
    expect((await send(`${server.url}/api/v1/health`, {})).status).toBe(200);
  });
});

describe('cross-site writes with a stolen ride on the cookie', () => {
  it('refuses a state-changing request from another site and takes it from the console’s own page', async () => {
    const admin = account('admin');
    const cookie = cookieOf(await send(`${server.url}/api/v1/session`, { method: 'POST', body: admin }));
    const newUser = (username: string) => ({ username, password: 'long-enough-password-1', role: 'community' });
    const forged = await send(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example' },
      body: newUser('forged'),
    });
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body)).toMatchObject({ error: 'cross-origin' });
    const crossSite = await send(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers: { cookie, 'sec-fetch-site': 'cross-site' },
      body: newUser('forged2'),
    });
    expect(crossSite.status).toBe(403);
    const own = await send(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers: { cookie, origin: server.url },
      body: newUser('own-page'),
    });
    expect(own.status).toBe(201);
    const users = JSON.parse((await send(`${server.url}/api/v1/users`, { headers: { cookie } })).body) as {
      users: { username: string }[];
    };
    expect(users.users.map((u) => u.username)).not.toContain('forged');
    expect(users.users.map((u) => u.username)).toContain('own-page');
  });
});

describe('sign-in guessing', () => {
  it('slows a spray from one address, and one address cannot lock admin out for everyone', async () => {
    const admin = account('admin');
    const attacker = '127.0.0.2';
    const login = (username: string, password: string, localAddress: string) =>
      send(`${server.url}/api/v1/session`, { method: 'POST', body: { username, password }, localAddress });
    for (let i = 0; i < 5; i++) expect((await login(admin.username, 'guess', attacker)).status).toBe(401);
    expect((await login(admin.username, admin.password, attacker)).status).toBe(429);
    // admin, from their own address, is not locked out by the attacker's failures.
    expect((await login(admin.username, admin.password, '127.0.0.1')).status).toBe(200);
    // A spray: one guess at each of many usernames. After 20 failures the address waits for every username.
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await login(`user${i}`, 'Password1', attacker)).status);
    expect(statuses.slice(0, 15).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect((await login(account('community').username, 'guess', attacker)).status).toBe(429);
  });

  it('refuses a guard account at the console sign-in with a clear message', async () => {
    const guard = account('guard');
    const answer = await send(`${server.url}/api/v1/session`, { method: 'POST', body: guard });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'guard-account' });
    expect(answer.headers['set-cookie']).toBeUndefined();
  });
});

describe('file modes after a real run', () => {
  it('keeps every file in the data folder owner-only (0600), folders 0700', async () => {
    const cookie = cookieOf(await send(`${server.url}/api/v1/session`, { method: 'POST', body: account('community') }));
    const batch = { batchId: crypto.randomUUID(), entries: [makeEntryRecord(server.gate)] };
    const ingest = await send(`${server.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.gate.deviceToken}` },
      body: batch,
    });
    expect(ingest.status).toBe(200);
    expect((await send(`${server.url}/api/v1/entries?limit=10`, { headers: { cookie } })).status).toBe(200);
    const modes = readdirSync(server.dataDir, { recursive: true, encoding: 'utf8' })
      .filter((name) => !name.startsWith('gate'))
      .map((name) => {
        const stat = statSync(join(server.dataDir, name));
        return [name, (stat.mode & 0o777).toString(8), stat.isDirectory()] as const;
      });
    const names = modes.map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining(['checkpoint.sqlite', 'checkpoint.sqlite-wal', 'checkpoint.sqlite-shm']));
    for (const [name, mode, directory] of modes) expect([name, mode]).toEqual([name, directory ? '700' : '600']);
    expect((statSync(server.dataDir).mode & 0o777).toString(8)).toBe('700');
  });
});

describe('the server process over TLS', () => {
  it('serves HTTPS with the certificate npm run tls -- init made, and will not listen beyond loopback in clear', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'checkpoint-drill-tls-'));
    const init = await runCli('server/setup/tls-cli.ts', ['init', '--name', 'checkpoint.test'], { CHECKPOINT_DATA_DIR: dataDir });
    expect(init.code, init.output).toBe(0);
    const files = communityTlsFiles(dataDir);
    expect(init.output).toContain(files.caCert);

    const clear = await runCli('server/main.ts', [], { CHECKPOINT_DATA_DIR: dataDir, HOST: '0.0.0.0', PORT: '0' });
    expect(clear.code).toBe(2);
    expect(clear.output).toContain('TLS_CERT and TLS_KEY');

    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'server/main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        CHECKPOINT_DATA_DIR: dataDir,
        PORT: String(port),
        TLS_CERT: files.serverCert,
        TLS_KEY: files.serverKey,
      },
      stdio: 'ignore',
    });
    const exited = new Promise((done) => child.once('exit', done));
    try {
      const ca = readFileSync(files.caCert);
      const url = `https://127.0.0.1:${port}/api/v1/health`;
      await expect
        .poll(
          () =>
            send(url, { ca }).then(
              (a) => a.status,
              () => 0,
            ),
          { timeout: 60_000, interval: 200 },
        )
        .toBe(200);
      const otherCa = await initCommunityTls(mkdtempSync(join(tmpdir(), 'checkpoint-drill-tls-other-')));
      await expect(send(url, { ca: readFileSync(otherCa.files.caCert) })).rejects.toThrow();
      await expect(send(`http://127.0.0.1:${port}/api/v1/health`, {})).rejects.toThrow();
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 120_000);
});
