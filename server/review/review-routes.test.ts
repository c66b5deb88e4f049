import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UserRole } from '../../protocol/review.ts';
import {
  ContactsResponse,
  EpidemicFreeResponse,
  FeverEventView,
  FeverListResponse,
  FiguresResponse,
  GateListResponse,
  PersonSearchResponse,
  SweepResponse,
  TimelineResponse,
} from '../../protocol/review-queries.ts';
import { EntryListResponse } from '../../protocol/review.ts';
import { ingestEntries } from '../gates/ingest.ts';
import { closeTestApp, openTestApp, signIn, type TestApp } from '../../test/support/server-app.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';

let test: TestApp;
const NOW = new Date('2026-11-25T04:00:00.000Z');
beforeEach(async () => {
  test = await openTestApp({ now: () => NOW });
  await test.gate.db
    .insertInto('households')
    .values({ id: 'h1', community_id: test.gate.communityId, building: '3', unit: '2', room: '501' })
    .execute();
  await test.gate.db
    .insertInto('persons')
    .values({
      id: 'p1',
      community_id: test.gate.communityId,
      household_id: 'h1',
      name: '李娜',
      category: 'resident',
      phone: null,
      id_hash: null,
      id_masked: null,
    })
    .execute();
});
afterEach(async () => {
  await closeTestApp(test);
});

async function ingestFever() {
  // Ids minted with the passage time, as a kiosk does: contacts and time filters select by id.
  const record = makeEntryRecord(test.gate, {
    id: uuidv7({ msecs: Date.parse('2026-11-25T10:00:00.000+08:00') }),
    occurredAt: '2026-11-25T10:00:00.000+08:00',
    subject: { category: 'resident', personId: 'p1', name: null, idHash: null, idMasked: null, scan: null },
    readings: [{ valueC: 38.2, source: 'infrared', at: '2026-11-25T10:00:00.000+08:00', ambientC: 3 }],
    decision: 'referred',
    flags: ['fever'],
  });
  const visitor = makeEntryRecord(test.gate, {
    id: uuidv7({ msecs: Date.parse('2026-11-25T10:05:00.000+08:00') }),
    occurredAt: '2026-11-25T10:05:00.000+08:00',
    subject: { category: 'visitor', personId: null, name: '=cmd|calc', idHash: null, idMasked: null, scan: null },
  });
  await ingestEntries(
    test.gate.db,
    { id: test.gate.deviceId, gateId: test.gate.gateId, communityId: test.gate.communityId },
    [record, visitor],
    NOW.toISOString(),
  );
  return { record, visitor };
}

const PERSONAL = [
  '/api/v1/review/persons?q=李',
  '/api/v1/review/persons/p1/timeline',
  '/api/v1/review/contacts?personId=p1',
  '/api/v1/review/fevers',
  '/api/v1/review/exports/entries.csv',
  '/api/v1/review/epidemic-free',
];
const FIGURES = [
  '/api/v1/review/figures?from=2026-11-25&to=2026-11-25',
  '/api/v1/review/sweep',
  '/api/v1/review/gates',
  '/api/v1/review/exports/figures.csv?from=2026-11-25&to=2026-11-25',
];

describe('review routes: who may call them', () => {
  it('keeps personal data from guards and property staff, and figures from guards', async () => {
    // One sign-in per role: password hashing is deliberately slow.
    const cookies: Partial<Record<UserRole, string>> = {};
    for (const role of ['guard', 'property', 'community', 'admin'] as const)
      cookies[role] = await signIn(test, `${role}-user`, role);
    const statusFor = async (url: string, role: UserRole | null) =>
      (await test.app.inject({ method: 'GET', url, headers: role ? { cookie: cookies[role]! } : {} })).statusCode;
    for (const url of PERSONAL) {
      expect([url, await statusFor(url, null)]).toEqual([url, 401]);
      expect([url, await statusFor(url, 'guard')]).toEqual([url, 403]);
      expect([url, await statusFor(url, 'property')]).toEqual([url, 403]);
      expect([url, await statusFor(url, 'community')]).toEqual([url, 200]);
    }
    for (const url of FIGURES) {
      expect([url, await statusFor(url, 'guard')]).toEqual([url, 403]);
      expect([url, await statusFor(url, 'property')]).toEqual([url, 200]);
      expect([url, await statusFor(url, 'admin')]).toEqual([url, 200]);
    }
    const follow = await test.app.inject({
      method: 'POST',
      url: '/api/v1/review/fevers/x/follow-ups',
      headers: { cookie: cookies.property! },
      payload: { kind: 'closed' },
    });
    expect(follow.statusCode).toBe(403);
  });
});

describe('review routes for community staff', () => {
  let cookie: string;
  beforeEach(async () => {
    cookie = await signIn(test, 'staff', 'community');
  });
  const get = (url: string) => test.app.inject({ method: 'GET', url, headers: { cookie } });
  const auditActions = async () =>
    (
      await test.gate.db.selectFrom('audit_log').select('action').where('action', '!=', 'session.start').orderBy('id').execute()
    ).map((r) => r.action);

  it('filters the entry log and audits the filters', async () => {
    const { record } = await ingestFever();
    const response = await get(`/api/v1/entries?flag=fever&gateId=${test.gate.gateId}`);
    expect(EntryListResponse.parse(response.json()).entries.map((e) => e.id)).toEqual([record.id]);
    expect((await get('/api/v1/entries?flag=nonsense')).statusCode).toBe(400);
    expect(await auditActions()).toEqual(['entries.list']);
  });

  it('answers search, timeline, contacts, sweep, figures and gates, auditing the personal ones', async () => {
    const { record, visitor } = await ingestFever();
    expect(
      PersonSearchResponse.parse((await get(`/api/v1/review/persons?q=${encodeURIComponent('李')}`)).json()).persons.map(
        (p) => p.id,
      ),
    ).toEqual(['p1']);
    const timeline = TimelineResponse.parse((await get('/api/v1/review/persons/p1/timeline?days=14')).json());
    expect(timeline.entries.map((e) => e.id)).toEqual([record.id]);
    expect((await get('/api/v1/review/persons/nobody/timeline')).statusCode).toBe(404);
    const contacts = ContactsResponse.parse((await get(`/api/v1/review/contacts?entryId=${record.id}&minutes=10`)).json());
    expect(contacts.contacts.map((c) => c.entry.id)).toEqual([visitor.id]);
    expect((await get('/api/v1/review/contacts?minutes=10')).statusCode).toBe(400);
    SweepResponse.parse((await get('/api/v1/review/sweep?days=7')).json());
    const figures = FiguresResponse.parse((await get('/api/v1/review/figures?from=2026-11-25&to=2026-11-25')).json());
    expect(figures.days).toMatchObject([{ day: '2026-11-25', gateName: '北门', entries: 2, fevers: 1, visitors: 1 }]);
    expect(figures.hours).toEqual([{ hour: 10, entries: 2, visitors: 1, vehicles: 0, fevers: 1, denied: 0 }]);
    expect((await get('/api/v1/review/figures?from=2026-11-26&to=2026-11-25')).statusCode).toBe(400);
    expect(GateListResponse.parse((await get('/api/v1/review/gates')).json()).gates).toEqual([
      { id: test.gate.gateId, name: '北门', communityId: test.gate.communityId },
    ]);
    expect(await auditActions()).toEqual(['persons.search', 'person.timeline', 'contacts.lookup', 'sweep.view']);
  });

  it('records fever follow-up and refuses steps after the close', async () => {
    await ingestFever();
    const [event] = FeverListResponse.parse((await get('/api/v1/review/fevers?status=open')).json()).events;
    const post = (payload: Record<string, unknown>) =>
      test.app.inject({ method: 'POST', url: `/api/v1/review/fevers/${event!.id}/follow-ups`, headers: { cookie }, payload });
    const axillary = await post({ kind: 'axillary', valueC: 37.9 });
    expect(FeverEventView.parse(axillary.json()).followUps).toMatchObject([
      { by: 'staff', step: { kind: 'axillary', valueC: 37.9 } },
    ]);
    expect((await post({ kind: 'axillary', valueC: 'hot' })).statusCode).toBe(400);
    expect((await post({ kind: 'closed' })).statusCode).toBe(200);
    expect((await post({ kind: 'escorted', by: '刘' })).statusCode).toBe(409);
    expect(
      (
        await test.app.inject({
          method: 'POST',
          url: '/api/v1/review/fevers/nope/follow-ups',
          headers: { cookie },
          payload: { kind: 'closed' },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('exports the filtered log as Excel-safe CSV and audits the export', async () => {
    await ingestFever();
    const response = await get('/api/v1/review/exports/entries.csv?category=visitor&lang=en');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="checkpoint-entries-\d{8}-\d{6}\.csv"$/);
    expect([...response.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = response.rawPayload.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'Entry id,Time,Gate,Direction,Category,Person,ID no.,Temperature (°C),Measured by,All readings,Decision,Flags',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(",'=cmd|calc,");
    expect(await auditActions()).toEqual(['entries.export']);
  });

  it('shows the reading that decided beside every reading, files a UTC-written passage on the community clock, and exports it in words', async () => {
    // The kiosk writes UTC instants: 21:50Z is 05:50 the next morning in Beijing.
    const at = (time: string) => `2026-11-24T${time}.000Z`;
    const record = makeEntryRecord(test.gate, {
      id: uuidv7({ msecs: Date.parse(at('21:50:00')) }),
      occurredAt: at('21:50:00'),
      subject: { category: 'resident', personId: 'p1', name: null, idHash: null, idMasked: null, scan: null },
      readings: [
        { valueC: 38.6, source: 'infrared', at: at('21:48:00'), ambientC: 3 },
        { valueC: 38.4, source: 'infrared', at: at('21:48:40'), ambientC: 3 },
        { valueC: 38.2, source: 'axillary', at: at('21:50:00'), ambientC: null },
      ],
      decision: 'referred',
      flags: ['fever'],
    });
    await ingestEntries(
      test.gate.db,
      { id: test.gate.deviceId, gateId: test.gate.gateId, communityId: test.gate.communityId },
      [record],
      NOW.toISOString(),
    );
    const [entry] = EntryListResponse.parse((await get('/api/v1/entries?limit=5')).json()).entries;
    expect(entry?.reading).toEqual({ valueC: 38.2, source: 'axillary' });
    expect(entry?.readings.map((r) => [r.valueC, r.source, r.decided])).toEqual([
      [38.6, 'infrared', false],
      [38.4, 'infrared', false],
      [38.2, 'axillary', true],
    ]);
    const [event] = FeverListResponse.parse((await get('/api/v1/review/fevers')).json()).events;
    expect(event?.reading).toEqual({ valueC: 38.2, source: 'axillary' });
    expect(event?.readings.filter((r) => r.decided)).toMatchObject([{ valueC: 38.2, source: 'axillary' }]);

    const figures = FiguresResponse.parse((await get('/api/v1/review/figures?from=2026-11-24&to=2026-11-25')).json());
    expect(figures.days).toMatchObject([{ day: '2026-11-25', entries: 1, fevers: 1 }]);
    expect(figures.hours).toMatchObject([{ hour: 5, entries: 1 }]);

    const csv = (await get('/api/v1/review/exports/entries.csv?lang=zh-CN')).rawPayload.subarray(3).toString('utf8');
    const [header, row] = csv.split('\r\n');
    expect(header).toBe('记录编号,时间,出入口,方向,类别,人员,证件号,体温 (°C),测温方式,全部读数,结果,标记');
    expect(row).toContain(',2026-11-25 05:50:00 +08:00,北门,进,居民,');
    expect(row).toContain(',38.2,腋温,38.6 红外 05:48:00; 38.4 红外 05:48:40; 38.2 腋温 05:50:00 (判定),转发热门诊,发热');
    expect(row).not.toMatch(/,in,|resident|admitted|referred|Z,/);
  });

  it('records a confirmed case and the check shows it as a blocker', async () => {
    const created = await test.app.inject({
      method: 'POST',
      url: '/api/v1/review/confirmed-cases',
      headers: { cookie },
      payload: { communityId: test.gate.communityId, personId: 'p1', confirmedOn: '2026-11-20' },
    });
    expect(created.statusCode).toBe(201);
    const unknown = await test.app.inject({
      method: 'POST',
      url: '/api/v1/review/confirmed-cases',
      headers: { cookie },
      payload: { communityId: test.gate.communityId, personId: 'ghost', confirmedOn: '2026-11-20' },
    });
    expect(unknown.statusCode).toBe(404);
    const check = EpidemicFreeResponse.parse((await get('/api/v1/review/epidemic-free')).json());
    expect(check.compounds[0]).toMatchObject({
      epidemicFree: false,
      blockers: [{ kind: 'confirmed-case', subject: '李娜', clearOn: '2026-12-04' }],
    });
  });
});
