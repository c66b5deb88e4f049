import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EntryRecord, SpoolStatus } from '../../protocol/index.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { Forwarder, type ForwarderTiming } from './forwarder.ts';
import { Spool } from './spool.ts';

const device = { deviceId: 'gate-1-kiosk', gateId: 'gate-1' };
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function newSpool(): Spool {
  const spool = new Spool(mkdtempSync(join(tmpdir(), 'checkpoint-forwarder-')));
  cleanups.push(() => spool.close());
  return spool;
}

interface Batch {
  auth: string | undefined;
  entries: EntryRecord[];
}

/** The server's ingest as it answers: every record stored, or `duplicate` when it had it. */
function ingestAnswer(batchId: string, entries: { id: string }[], seen: Set<string>): string {
  const results = entries.map((entry, index) => {
    const status = seen.has(entry.id) ? 'duplicate' : 'stored';
    seen.add(entry.id);
    return { index, id: entry.id, status };
  });
  return JSON.stringify({ batchId, receivedAt: new Date().toISOString(), results });
}

function startForwarder(
  spool: Spool,
  serverUrl: string,
  fetcher: typeof fetch,
  options: { timing?: Partial<ForwarderTiming>; batchSize?: number; maxBatchBytes?: number } = {},
): { forwarder: Forwarder; statuses: SpoolStatus[] } {
  const statuses: SpoolStatus[] = [];
  const forwarder = new Forwarder({
    spool,
    uplink: { serverUrl, deviceToken: 'device-token', fetch: fetcher },
    logger: quiet,
    onStatus: (status) => statuses.push(status),
    random: () => 1,
    ...options,
  });
  forwarder.start();
  cleanups.push(() => forwarder.stop());
  return { forwarder, statuses };
}

describe('Forwarder against a server over HTTP', () => {
  async function fakeIngest(): Promise<{ url: string; batches: Batch[] }> {
    const batches: Batch[] = [];
    const seen = new Set<string>();
    const server: Server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const batch = JSON.parse(body) as { batchId: string; entries: EntryRecord[] };
        batches.push({ auth: request.headers.authorization, entries: batch.entries });
        response.writeHead(200, { 'content-type': 'application/json' }).end(ingestAnswer(batch.batchId, batch.entries, seen));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => new Promise((done) => server.close(done)));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, batches };
  }

  it('sends fevers first, then the oldest, with the device token, and notes each answer', async () => {
    const server = await fakeIngest();
    const spool = newSpool();
    const [first, second] = [makeEntryRecord(device), makeEntryRecord(device)];
    const fever = makeEntryRecord(device, { flags: ['fever'] });
    spool.keep([first, second, fever], new Date());
    const { forwarder, statuses } = startForwarder(spool, server.url, fetch);
    await vi.waitFor(() => expect(spool.counts().unsent).toBe(0));
    expect(server.batches).toEqual([{ auth: 'Bearer device-token', entries: [fever, first, second] }]);
    expect(spool.since(new Date(0)).map((entry) => entry.state)).toEqual(['sent', 'sent', 'sent']);
    expect(statuses.at(-1)).toMatchObject({ unsent: 0, rejected: 0, lastError: null, lastSuccessAt: expect.any(String) });

    // A kick sends a new entry at once, without waiting for the idle look.
    const next = makeEntryRecord(device);
    spool.keep([next], new Date());
    forwarder.kick();
    await vi.waitFor(() => expect(server.batches.at(-1)?.entries).toEqual([next]));
  });

  it('cuts a backlog into batches by count and by bytes', async () => {
    const server = await fakeIngest();
    const spool = newSpool();
    const records = Array.from({ length: 25 }, () => makeEntryRecord(device));
    spool.keep(records, new Date());
    const oneRecord = Buffer.byteLength(JSON.stringify(records[0]));
    startForwarder(spool, server.url, fetch, { batchSize: 10, maxBatchBytes: oneRecord * 4 });
    await vi.waitFor(() => expect(spool.counts().unsent).toBe(0));
    expect(server.batches.map((batch) => batch.entries.length)).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 1]);
    expect(server.batches.flatMap((batch) => batch.entries.map((entry) => entry.id))).toEqual(records.map((r) => r.id));
  });
});

/** A server the test answers for, through the forwarder's injected fetch, so its timers can be faked. */
function scriptedServer(answer: (path: string, body: string) => Response | Error): {
  fetch: typeof fetch;
  calls: { path: string; at: number }[];
} {
  const calls: { path: string; at: number }[] = [];
  const fetcher = (async (url: URL, init?: RequestInit) => {
    calls.push({ path: url.pathname, at: Date.now() });
    const answered = answer(url.pathname, String(init?.body ?? ''));
    if (answered instanceof Error) throw answered;
    return answered;
  }) as typeof fetch;
  return { fetch: fetcher, calls };
}

const refused = () => new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:8080') });
const stored = (body: string) => {
  const batch = JSON.parse(body) as { batchId: string; entries: { id: string }[] };
  return new Response(ingestAnswer(batch.batchId, batch.entries, new Set()), { status: 200 });
};

describe('Forwarder timing', () => {
  it("waits as long as a busy server's Retry-After asks, then sends", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const spool = newSpool();
    spool.keep([makeEntryRecord(device)], new Date());
    let busy = true;
    const server = scriptedServer((path, body) => {
      if (path === '/api/v1/health') return new Response('{"ok":true}');
      if (busy) {
        busy = false;
        const error = '{"error":"database-busy","message":"the database is locked"}';
        return new Response(error, { status: 503, headers: { 'retry-after': '30' } });
      }
      return stored(body);
    });
    const { statuses } = startForwarder(spool, 'http://server.test', server.fetch);
    await vi.advanceTimersByTimeAsync(10);
    expect(server.calls.map((c) => c.path)).toEqual(['/api/v1/ingest']);
    expect(statuses.at(-1)).toMatchObject({ unsent: 1, lastError: 'the database is locked', serverUnreachable: false });
    await vi.advanceTimersByTimeAsync(29_000);
    // A refusal is not probed: the server answered, it asked for time.
    expect(server.calls.map((c) => c.path)).toEqual(['/api/v1/ingest']);
    await vi.advanceTimersByTimeAsync(1_100);
    expect(server.calls.map((c) => c.path)).toEqual(['/api/v1/ingest', '/api/v1/ingest']);
    expect(spool.counts().unsent).toBe(0);
  });

  it('keeps trying through hours of outage, and sends within a probe of the server coming back', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const spool = newSpool();
    spool.keep([makeEntryRecord(device), makeEntryRecord(device, { flags: ['fever'] })], new Date());
    let up = false;
    const server = scriptedServer((path, body) => {
      if (!up) return refused();
      return path === '/api/v1/health' ? new Response('{"ok":true}') : stored(body);
    });
    const { statuses } = startForwarder(spool, 'http://server.test', server.fetch);
    const sixHours = 6 * 3_600_000;
    await vi.advanceTimersByTimeAsync(sixHours);
    const ingests = server.calls.filter((c) => c.path === '/api/v1/ingest');
    // Doubling from 1 s to the minute's ceiling, then about one try a minute for the rest.
    expect(ingests.length).toBeGreaterThan(sixHours / 60_000 - 10);
    expect(ingests.length).toBeLessThan(sixHours / 30_000 + 10);
    const gaps = ingests.slice(1).map((c, i) => c.at - ingests[i]!.at);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(60_000);
    expect(server.calls.filter((c) => c.path === '/api/v1/health').length).toBeGreaterThan(sixHours / 2_000 / 2);
    expect(statuses.at(-1)).toMatchObject({
      unsent: 2,
      serverUnreachable: true,
      lastError: expect.stringMatching(/ECONNREFUSED/),
    });

    // Back: the next health probe, at most 2 s on, ends the back-off and the backlog goes.
    up = true;
    const backAt = Date.now();
    await vi.advanceTimersByTimeAsync(2_100);
    const sent = server.calls.filter((c) => c.path === '/api/v1/ingest' && c.at >= backAt);
    expect(sent).toHaveLength(1);
    expect(spool.counts().unsent).toBe(0);
    expect(statuses.at(-1)).toMatchObject({ unsent: 0, lastError: null, serverUnreachable: false });
  });

  it('keeps a batch the server answered for none of unsent, and says so', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const spool = newSpool();
    spool.keep([makeEntryRecord(device)], new Date());
    const server = scriptedServer(
      () => new Response(JSON.stringify({ batchId: 'x', receivedAt: new Date().toISOString(), results: [] }), { status: 200 }),
    );
    const { statuses } = startForwarder(spool, 'http://server.test', server.fetch);
    await vi.advanceTimersByTimeAsync(10);
    expect(spool.counts().unsent).toBe(1);
    expect(statuses.at(-1)).toMatchObject({
      lastError: 'server answered for none of the batch',
      nextRetryAt: expect.any(String),
    });
  });
});

describe('a certificate the heartbeat, the roster or the PIN list meets', () => {
  it('is on the status with nothing to send, and a sound answer lifts it', () => {
    const { forwarder, statuses } = startForwarder(newSpool(), 'https://127.0.0.1:9', fetch);
    const refused =
      'community server https://127.0.0.1:9 refused: its TLS certificate is not trusted (SELF_SIGNED_CERT_IN_CHAIN)';
    forwarder.noteServerCall({ ok: false, certificateRefused: true, message: refused });
    expect(statuses.at(-1)).toMatchObject({
      unsent: 0,
      lastError: refused,
      serverCertificateRefused: true,
      serverUnreachable: true,
    });
    // Another failure does not hide it: the certificate still stands between the gate and the server.
    forwarder.noteServerCall({ ok: false, certificateRefused: false, message: 'unreachable: ECONNRESET' });
    expect(forwarder.status()).toMatchObject({ lastError: refused, serverCertificateRefused: true });
    forwarder.noteServerCall({ ok: true, status: 200, contentType: null, etag: null, retryAfter: null, body: '' });
    expect(statuses.at(-1)).toMatchObject({ lastError: null, serverCertificateRefused: false });
  });
});
