import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serverFetch } from './server-fetch.ts';
import { callServer } from './uplink.ts';

const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

/** A plain HTTP server counting what reaches it, answering with `answer`. */
async function listening(answer: (url: string) => { status: number; location?: string }) {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    const { status, location } = answer(request.url ?? '');
    response.writeHead(status, location ? { location } : {}).end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closing.push(() => new Promise((done) => server.close(() => done())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

describe("the gate's road to its server", () => {
  it('stops the gate at start when serverCa is missing or is no certificate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'checkpoint-server-ca-'));
    expect(() => serverFetch(join(dir, 'none.pem'))).toThrow(/serverCa .*none\.pem: cannot read it/);
    await writeFile(join(dir, 'junk.pem'), '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n');
    expect(() => serverFetch(join(dir, 'junk.pem'))).toThrow(/not a PEM certificate/);
    expect(serverFetch(null)).toBe(fetch);
  });

  it('never follows a redirect: the token and the entries go to serverUrl and nowhere else', async () => {
    const elsewhere = await listening(() => ({ status: 200 }));
    const server = await listening(() => ({ status: 301, location: `${elsewhere.url}/api/v1/ingest` }));
    const answer = await callServer(
      { serverUrl: server.url, deviceToken: 'device-token', fetch },
      { method: 'POST', path: '/api/v1/ingest', json: '{"entries":[]}' },
    );
    expect(answer).toMatchObject({ ok: true, status: 301 });
    expect(server.hits).toEqual(['/api/v1/ingest']);
    expect(elsewhere.hits).toEqual([]);
  });
});
