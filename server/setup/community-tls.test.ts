import type { FastifyInstance } from 'fastify';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createUser } from '../accounts/sessions.ts';
import { buildApp } from '../app.ts';
import { openTestGate, type TestGate } from '../../test/support/server-database.ts';
import { communityTlsFiles, initCommunityTls } from './community-tls.ts';
import { generateServerKeys } from './keys.ts';

function get(url: string, ca: Buffer | undefined, method = 'GET', body?: unknown) {
  return new Promise<{ status: number; cookie: string | undefined }>((done, fail) => {
    const req = request(url, { method, ca, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      res.resume();
      res.on('end', () => done({ status: res.statusCode ?? 0, cookie: res.headers['set-cookie']?.[0] }));
    });
    req.on('error', fail);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

let app: FastifyInstance | undefined;
let gate: TestGate | undefined;
afterEach(async () => {
  await app?.close();
  await gate?.db.destroy();
});

describe('npm run tls -- init and HTTPS', () => {
  it('makes a community CA and a server certificate the server serves; a client trusting another CA refuses it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cp-tls-'));
    const made = await initCommunityTls(dataDir, { names: ['checkpoint.test', '10.9.8.7'] });
    expect(made.createdCa).toBe(true);
    expect(made.names).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', 'checkpoint.test', '10.9.8.7']));
    const files = communityTlsFiles(dataDir);
    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    expect([mode(files.caKey), mode(files.serverKey), mode(join(dataDir, 'tls'))]).toEqual(['600', '600', '700']);
    // A second run keeps the CA (gates already trust it) and issues a new server certificate.
    const again = await initCommunityTls(dataDir);
    expect(again.createdCa).toBe(false);

    gate = await openTestGate();
    await createUser(gate.db, {
      username: 'staff',
      password: 'staff-password',
      role: 'community',
      now: new Date().toISOString(),
    });
    app = await buildApp({
      db: gate.db,
      keys: generateServerKeys(),
      logger: false,
      consoleDir: mkdtempSync(join(tmpdir(), 'cp-console-')),
      https: { cert: readFileSync(files.serverCert), key: readFileSync(files.serverKey) },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const url = `https://127.0.0.1:${port}`;
    const ca = readFileSync(files.caCert);

    expect((await get(`${url}/api/v1/health`, ca)).status).toBe(200);
    const signedIn = await get(`${url}/api/v1/session`, ca, 'POST', { username: 'staff', password: 'staff-password' });
    expect(signedIn.status).toBe(200);
    expect(signedIn.cookie).toMatch(/; Secure/);

    await expect(get(`${url}/api/v1/health`, undefined)).rejects.toThrow(/self[- ]signed|unable to verify|issuer/i);
    const otherCa = await initCommunityTls(mkdtempSync(join(tmpdir(), 'cp-tls-other-')));
    await expect(get(`${url}/api/v1/health`, readFileSync(otherCa.files.caCert))).rejects.toThrow(
      /unable to verify|signature|issuer/i,
    );
    await expect(fetch(`http://127.0.0.1:${port}/api/v1/health`)).rejects.toThrow();
  });
});
