import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceEnrollResponse } from '../../protocol/accounts.ts';
import { ApiError } from '../../protocol/sync.ts';
import { DATABASE_FILE_NAME } from '../../server/setup/data-dir.ts';
import { makeEntryRecord } from '../support/entry-record.ts';
import type { DemoAccount } from '../support/parts.ts';
import { signInApi } from '../support/server-api.ts';
import { sendUntilAnswered } from './batch-sender.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

/*
 * Drill: hostile requests against a running server process. Roles on every route (signed out,
 * device token, every other role, revoked device) are walked by server/route-access.test.ts over
 * the app's route table; this adds what needs a live process: an expired and a signed-out session,
 * a device revoked through the admin API, SQL injection in every filter of the entry log and the
 * review routes, oversize, malformed and wrongly typed bodies. Every refusal is a 4xx ApiError,
 * no record is lost, added or doubled, and the server answers afterwards.
 */

const INJECTIONS = [
  "' OR '1'='1",
  "1' OR 1=1 --",
  "x'; DROP TABLE entries; --",
  '" OR ""="',
  "') UNION SELECT id, record FROM entries --",
  '1; SELECT pg_sleep(5)',
  '%',
  '_',
  '\\',
  "x' AND (SELECT COUNT(*) FROM users) > 0 --",
  'null',
  '\u0000',
];

const ENTRY_FILTERS = ['from', 'to', 'gateId', 'direction', 'personId', 'category', 'flag', 'before', 'limit'];
/** Filters that take any short text: an injection there must match nothing, not everything. */
const FREE_TEXT_FILTERS = new Set(['gateId', 'personId']);

const REVIEW_PROBES: { path: string; params: string[] }[] = [
  { path: '/api/v1/review/persons', params: ['q'] },
  { path: '/api/v1/review/contacts', params: ['entryId', 'personId', 'minutes', 'days'] },
  { path: '/api/v1/review/fevers', params: ['status', 'before', 'limit'] },
  { path: '/api/v1/review/sweep', params: ['days'] },
  { path: '/api/v1/review/figures', params: ['from', 'to', 'gateId'] },
  {
    path: '/api/v1/review/exports/entries.csv',
    params: [...ENTRY_FILTERS.filter((f) => f !== 'before' && f !== 'limit'), 'lang'],
  },
  { path: '/api/v1/review/exports/figures.csv', params: ['from', 'to', 'lang'] },
  { path: '/api/v1/admin/persons', params: ['householdId'] },
  { path: '/api/v1/admin/watch', params: ['include'] },
  { path: '/api/v1/audit', params: ['limit', 'before'] },
];

const RECORDS = 30;
const WRONG_TYPE = [400, 415];
let server: ServerProcess;
let admin: DemoAccount;
let cookie: string;
let sentIds: string[];

beforeAll(async () => {
  server = await startServerProcess();
  admin = server.accounts.find((account) => account.role === 'admin')!;
  cookie = await signInApi(server.url, admin);
  const entries = Array.from({ length: RECORDS }, () => makeEntryRecord(server.gate));
  sentIds = entries.map((entry) => entry.id);
  const answer = await sendUntilAnswered(server.url, server.gate.deviceToken, 'hostile-seed', entries);
  expect(answer.results.every((r) => r.status === 'stored')).toBe(true);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

/** `status` may list several: Fastify reads text/plain as a string the schema then refuses (400). */
async function expectApiError(response: Response, status: number | number[], where: string): Promise<void> {
  const body = await response.text();
  expect([status].flat(), `${where}: ${response.status} ${body}`).toContain(response.status);
  expect(ApiError.safeParse(JSON.parse(body)).success, `${where} answers an ApiError: ${body}`).toBe(true);
}

/** A 2xx, or a 4xx ApiError: anything else (a 5xx, a hang-up) is a finding. */
async function expectHandled(response: Response, where: string): Promise<number> {
  const body = await response.text();
  expect(response.status, `${where}: ${body.slice(0, 300)}`).toBeLessThan(500);
  if (response.status >= 400)
    expect(ApiError.safeParse(JSON.parse(body)).success, `${where} answers an ApiError: ${body}`).toBe(true);
  return response.status;
}

async function expectStillWhole(): Promise<void> {
  expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
  expect((await server.storedEntryIds()).sort()).toEqual([...sentIds].sort());
}

describe('hostile input on a running server', () => {
  it('refuses an expired session and a signed-out one', async () => {
    const expiring = await signInApi(server.url, admin);
    expect((await fetch(`${server.url}/api/v1/entries`, { headers: { cookie: expiring } })).status).toBe(200);
    const file = new Database(join(server.dataDir, DATABASE_FILE_NAME), { fileMustExist: true, timeout: 10_000 });
    try {
      // Every session of the account expires an hour ago, as if the clock had passed them.
      file
        .prepare('UPDATE sessions SET expires_at = ? WHERE user_id = (SELECT id FROM users WHERE username = ?)')
        .run(new Date(Date.now() - 3_600_000).toISOString(), admin.username);
    } finally {
      file.close();
    }
    await expectApiError(await fetch(`${server.url}/api/v1/entries`, { headers: { cookie: expiring } }), 401, 'expired session');

    const leaving = await signInApi(server.url, admin);
    expect((await fetch(`${server.url}/api/v1/session`, { method: 'DELETE', headers: { cookie: leaving } })).status).toBeLessThan(
      300,
    );
    await expectApiError(
      await fetch(`${server.url}/api/v1/entries`, { headers: { cookie: leaving } }),
      401,
      'signed-out session',
    );
    await expectApiError(
      await fetch(`${server.url}/api/v1/entries`, { headers: { cookie: 'checkpoint_session=forged' } }),
      401,
      'forged cookie',
    );
    cookie = await signInApi(server.url, admin);
  });

  it('refuses a device token once the device is revoked, and keeps what it sent before', async () => {
    const enrolled = await fetch(`${server.url}/api/v1/devices`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ gateId: server.gate.gateId, label: 'drill tablet' }),
    });
    expect(enrolled.status).toBe(201);
    const device = DeviceEnrollResponse.parse(await enrolled.json());
    const before = makeEntryRecord({ deviceId: device.deviceId, gateId: device.gateId });
    const first = await sendUntilAnswered(server.url, device.token, 'revoked-before', [before]);
    expect(first.results[0]?.status).toBe('stored');
    sentIds.push(before.id);

    const revoked = await fetch(`${server.url}/api/v1/devices/${device.deviceId}/revoke`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(revoked.status).toBeLessThan(300);
    const after = makeEntryRecord({ deviceId: device.deviceId, gateId: device.gateId });
    const refused = await fetch(`${server.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${device.token}` },
      body: JSON.stringify({ batchId: 'revoked-after', entries: [after] }),
    });
    await expectApiError(refused, 401, 'revoked device');
    await expectApiError(
      await fetch(`${server.url}/api/v1/roster`, { headers: { authorization: `Bearer ${device.token}` } }),
      401,
      'revoked device roster',
    );
    await expectStillWhole();
  });

  it('treats SQL injection in every entry-log filter as data: refused or matching nothing', async () => {
    let tried = 0;
    for (const filter of ENTRY_FILTERS) {
      for (const injection of INJECTIONS) {
        const url = new URL('/api/v1/entries', server.url);
        url.searchParams.set(filter, injection);
        const response = await fetch(url, { headers: { cookie } });
        const status = response.status;
        if (status === 200 && FREE_TEXT_FILTERS.has(filter)) {
          expect((await response.json()) as { entries: unknown[] }, `${filter}=${injection}`).toEqual({ entries: [] });
        } else {
          expect(await expectHandled(response, `entries ${filter}=${JSON.stringify(injection)}`)).toBeLessThan(500);
        }
        tried++;
      }
    }
    expect(tried).toBe(ENTRY_FILTERS.length * INJECTIONS.length);
    await expectStillWhole();
  }, 120_000);

  it('treats SQL injection in the review and admin routes as data', async () => {
    for (const { path, params } of REVIEW_PROBES) {
      for (const param of params) {
        for (const injection of INJECTIONS) {
          const url = new URL(path, server.url);
          url.searchParams.set(param, injection);
          await expectHandled(await fetch(url, { headers: { cookie } }), `${path} ${param}=${JSON.stringify(injection)}`);
        }
      }
    }
    for (const injection of INJECTIONS) {
      const id = encodeURIComponent(injection);
      await expectHandled(
        await fetch(`${server.url}/api/v1/review/persons/${id}/timeline`, { headers: { cookie } }),
        `timeline of ${JSON.stringify(injection)}`,
      );
    }
    // A search that an injection could widen must still find nobody.
    const search = new URL('/api/v1/review/persons', server.url);
    search.searchParams.set('q', "' OR '1'='1");
    const found = await fetch(search, { headers: { cookie } });
    expect(found.status).toBe(200);
    expect(((await found.json()) as { persons: unknown[] }).persons).toEqual([]);
    await expectStillWhole();
  }, 180_000);

  it('refuses oversize, malformed and wrongly typed bodies with a clear ApiError', async () => {
    const ingest = (body: string | Buffer, contentType: string) =>
      fetch(`${server.url}/api/v1/ingest`, {
        method: 'POST',
        headers: { 'content-type': contentType, authorization: `Bearer ${server.gate.deviceToken}` },
        body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
      });
    const huge = JSON.stringify({
      batchId: 'huge',
      entries: [makeEntryRecord(server.gate, { reason: 'x'.repeat(2 * 1024 * 1024) })],
    });
    await expectApiError(await ingest(huge, 'application/json'), 413, 'oversize batch');
    await expectApiError(await ingest('{"batchId": "x", "entries": [', 'application/json'), 400, 'truncated JSON');
    await expectApiError(await ingest('not json at all', 'application/json'), 400, 'not JSON');
    await expectApiError(await ingest('{"batchId":"x","entries":[]}', 'text/plain'), WRONG_TYPE, 'text/plain batch');
    await expectApiError(await ingest(Buffer.from([0, 1, 2, 255]), 'application/octet-stream'), WRONG_TYPE, 'binary batch');
    await expectApiError(await ingest('{"batchId":"x","entries":[]}', 'application/json'), 400, 'empty batch');
    await expectApiError(
      await ingest(JSON.stringify({ batchId: 'x'.repeat(65), entries: [{}] }), 'application/json'),
      400,
      'overlong batch id',
    );

    const session = (body: string, contentType: string) =>
      fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': contentType }, body });
    await expectApiError(await session('{"username":', 'application/json'), 400, 'truncated sign-in');
    await expectApiError(
      await session(JSON.stringify({ username: admin.username, password: 'p'.repeat(2 * 1024 * 1024) }), 'application/json'),
      413,
      'oversize sign-in',
    );
    await expectApiError(
      await session(`username=${admin.username}&password=${admin.password}`, 'application/x-www-form-urlencoded'),
      WRONG_TYPE,
      'form sign-in',
    );

    const persons = (body: string, contentType: string) =>
      fetch(`${server.url}/api/v1/admin/persons`, { method: 'POST', headers: { cookie, 'content-type': contentType }, body });
    await expectApiError(await persons('[1,2', 'application/json'), 400, 'truncated person');
    await expectApiError(await persons('<person/>', 'application/xml'), WRONG_TYPE, 'XML person');
    await expectApiError(
      await persons(
        JSON.stringify({ householdId: null, name: "'); DROP TABLE persons; --", category: 'resident', idNumber: "' OR 1=1 --" }),
        'application/json',
      ),
      400,
      'injected ID number',
    );
    await expectStillWhole();
    expect(server.output()).not.toMatch(/Unhandled|uncaught/i);
  }, 60_000);
});
