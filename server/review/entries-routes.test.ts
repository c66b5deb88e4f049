import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EntryListResponse } from '../../protocol/review.ts';
import { ApiError } from '../../protocol/sync.ts';
import { ingestEntries } from '../gates/ingest.ts';
import { closeTestApp, openTestApp, signIn, type TestApp } from '../../test/support/server-app.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';

let test: TestApp;
beforeEach(async () => {
  test = await openTestApp();
});
afterEach(async () => {
  await closeTestApp(test);
});

async function ingest(count: number) {
  const device = { id: test.gate.deviceId, gateId: test.gate.gateId, communityId: test.gate.communityId };
  const records = Array.from({ length: count }, () => makeEntryRecord(test.gate));
  await ingestEntries(test.gate.db, device, records, new Date().toISOString());
  return records;
}

describe('GET /api/v1/entries', () => {
  it('answers 401 without a session and 403 for a guard', async () => {
    const anonymous = await test.app.inject({ method: 'GET', url: '/api/v1/entries' });
    expect(anonymous.statusCode).toBe(401);
    expect(ApiError.parse(anonymous.json()).error).toBe('not-signed-in');
    const cookie = await signIn(test, 'guard1', 'guard');
    const guard = await test.app.inject({ method: 'GET', url: '/api/v1/entries', headers: { cookie } });
    expect(guard.statusCode).toBe(403);
    expect(await test.gate.db.selectFrom('audit_log').select('action').where('action', '=', 'entries.list').execute()).toEqual(
      [],
    );
  });

  it('lists newest first for community staff, with the roster name, and audits the look', async () => {
    await test.gate.db
      .insertInto('persons')
      .values({
        id: 'p1',
        community_id: test.gate.communityId,
        household_id: null,
        name: '李娜',
        category: 'resident',
        phone: null,
        id_hash: null,
        id_masked: null,
      })
      .execute();
    const device = { id: test.gate.deviceId, gateId: test.gate.gateId, communityId: test.gate.communityId };
    const visitor = makeEntryRecord(test.gate);
    const resident = makeEntryRecord(test.gate, {
      subject: { category: 'resident', personId: 'p1', name: null, idHash: null, idMasked: null, scan: null },
      readings: [{ valueC: 37.6, source: 'infrared', at: '2026-11-25T08:30:00.000+08:00', ambientC: 3 }],
      decision: 'referred',
      flags: ['fever'],
    });
    await ingestEntries(test.gate.db, device, [visitor, resident], new Date().toISOString());
    const cookie = await signIn(test, 'staff', 'community');
    const response = await test.app.inject({ method: 'GET', url: '/api/v1/entries', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const { entries } = EntryListResponse.parse(response.json());
    expect(entries.map((e) => e.id)).toEqual([resident.id, visitor.id]);
    expect(entries[0]).toMatchObject({
      personName: '李娜',
      gateName: '北门',
      reading: { valueC: 37.6, source: 'infrared' },
      decision: 'referred',
      flags: ['fever'],
    });
    expect(entries[1]).toMatchObject({
      personName: '访客甲',
      category: 'visitor',
      idMasked: '110**************X',
      reading: { valueC: 36.6, source: 'axillary' },
    });
    const audit = await test.gate.db
      .selectFrom('audit_log')
      .innerJoin('users', 'users.id', 'audit_log.user_id')
      .select(['users.username', 'audit_log.detail'])
      .where('action', '=', 'entries.list')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.username).toBe('staff');
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ count: 2, first: resident.id, last: visitor.id });
  });

  it('pages back with before=<id>', async () => {
    const records = await ingest(5);
    const cookie = await signIn(test, 'admin', 'admin');
    const first = EntryListResponse.parse(
      (await test.app.inject({ method: 'GET', url: '/api/v1/entries?limit=2', headers: { cookie } })).json(),
    );
    expect(first.entries.map((e) => e.id)).toEqual([records[4]!.id, records[3]!.id]);
    const next = await test.app.inject({
      method: 'GET',
      url: `/api/v1/entries?limit=2&before=${records[3]!.id}`,
      headers: { cookie },
    });
    expect(EntryListResponse.parse(next.json()).entries.map((e) => e.id)).toEqual([records[2]!.id, records[1]!.id]);
  });

  it('answers 400 for a bad limit or cursor', async () => {
    const cookie = await signIn(test, 'admin', 'admin');
    expect((await test.app.inject({ method: 'GET', url: '/api/v1/entries?limit=0', headers: { cookie } })).statusCode).toBe(400);
    const bad = await test.app.inject({ method: 'GET', url: '/api/v1/entries?before=nope', headers: { cookie } });
    expect(bad.statusCode).toBe(400);
    expect(ApiError.parse(bad.json()).message).toContain('before');
  });
});
