import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { RosterSnapshot } from '../../protocol/roster.ts';
import { setGuardPin } from '../accounts/guard-accounts.ts';
import { bumpRosterVersion, etagMatches } from '../roster-admin/roster-version.ts';
import { createUser } from '../accounts/sessions.ts';
import { closeTestApp, openTestApp, type TestApp } from '../../test/support/server-app.ts';

// 10:00 Beijing time on 2026-11-25.
const NOW = new Date('2026-11-25T02:00:00Z');
let test: TestApp;
let householdId: string;
let personId: string;

beforeEach(async () => {
  test = await openTestApp({ now: () => NOW });
  const { db, communityId } = test.gate;
  householdId = uuidv7();
  personId = uuidv7();
  await db
    .insertInto('households')
    .values({ id: householdId, community_id: communityId, building: '1栋', unit: '1单元', room: '101' })
    .execute();
  await db
    .insertInto('persons')
    .values({
      id: personId,
      community_id: communityId,
      household_id: householdId,
      name: '张三',
      category: 'resident',
      phone: '13800001234',
      id_hash: null,
      id_masked: null,
    })
    .execute();
});
afterEach(async () => closeTestApp(test));

function fetchRoster(headers: Record<string, string> = {}) {
  return test.app.inject({
    method: 'GET',
    url: '/api/v1/roster',
    headers: { authorization: `Bearer ${test.gate.deviceToken}`, ...headers },
  });
}

async function addWatch(values: {
  kind?: 'home-observation' | 'suspected-case';
  start: string;
  end: string | null;
  released?: boolean;
}): Promise<string> {
  const id = uuidv7();
  await test.gate.db
    .insertInto('watch_entries')
    .values({
      id,
      community_id: test.gate.communityId,
      kind: values.kind ?? 'home-observation',
      person_id: personId,
      household_id: null,
      start_date: values.start,
      end_date: values.end,
      created_at: NOW.toISOString(),
      released_at: values.released ? NOW.toISOString() : null,
    })
    .execute();
  return id;
}

describe('GET /api/v1/roster', () => {
  it('carries only watch entries that are neither released nor past their end date', async () => {
    const running = await addWatch({ start: '2026-11-20', end: '2026-12-03' });
    const endsToday = await addWatch({ start: '2026-11-12', end: '2026-11-25' });
    const openEnded = await addWatch({ kind: 'suspected-case', start: '2026-11-24', end: null });
    const upcoming = await addWatch({ start: '2026-11-27', end: '2026-12-10' });
    await addWatch({ start: '2026-11-01', end: '2026-11-24' });
    await addWatch({ kind: 'suspected-case', start: '2026-11-20', end: null, released: true });
    const roster = RosterSnapshot.parse((await fetchRoster()).json());
    expect(roster.watch.map((w) => w.id).sort()).toEqual([running, endsToday, openEnded, upcoming].sort());
    expect(roster.watch.find((w) => w.id === openEnded)).toMatchObject({
      kind: 'suspected-case',
      personId,
      householdId: null,
      endDate: null,
    });
  });

  it('carries vehicles, unexpired visitor passes, the newest question set, the rules and phone tails', async () => {
    const { db, communityId } = test.gate;
    await db
      .insertInto('vehicles')
      .values({ id: uuidv7(), community_id: communityId, household_id: householdId, plate: '沪A12345' })
      .execute();
    const pass = (code: string, from: string, until: string, revoked = false) =>
      db
        .insertInto('visitor_passes')
        .values({
          id: uuidv7(),
          community_id: communityId,
          code,
          name: '访客',
          host_household_id: householdId,
          valid_from: from,
          valid_until: until,
          vehicle_plate: null,
          created_at: NOW.toISOString(),
          revoked_at: revoked ? NOW.toISOString() : null,
        })
        .execute();
    await pass('V-TODAY001', '2026-11-25', '2026-11-25');
    await pass('V-EXPIRED1', '2026-11-20', '2026-11-24');
    await pass('V-REVOKED1', '2026-11-25', '2026-11-30', true);
    const question = (id: string) => ({ id, text: { 'zh-CN': '问题', en: 'Question' }, riskAnswer: true });
    await db
      .insertInto('question_sets')
      .values({
        community_id: communityId,
        version: 1,
        questions: JSON.stringify([question('old')]),
        created_at: NOW.toISOString(),
      })
      .execute();
    await db
      .insertInto('question_sets')
      .values({
        community_id: communityId,
        version: 2,
        questions: JSON.stringify([question('new')]),
        created_at: NOW.toISOString(),
      })
      .execute();
    await db
      .insertInto('screening_rules')
      .values({
        community_id: communityId,
        fever_threshold_c: 37.5,
        baseline_offset_c: 0.8,
        home_observation_days: 7,
        goal_fever_c: 37.5,
        goal_find_share: 0.9,
        updated_at: NOW.toISOString(),
      })
      .execute();

    const roster = RosterSnapshot.parse((await fetchRoster()).json());
    expect(roster.vehicles).toEqual([{ plate: '沪A12345', householdId }]);
    expect(roster.visitors.map((v) => v.code)).toEqual(['V-TODAY001']);
    expect(roster.questionSet).toEqual({ version: 2, questions: [question('new')] });
    expect(roster.rules).toEqual({
      feverThresholdC: 37.5,
      baselineOffsetC: 0.8,
      homeObservationDays: 7,
      goal: { feverC: 37.5, findShare: 0.9 },
    });
    expect(roster.persons[0]).toMatchObject({ name: '张三', phoneTail: '1234' });
    expect(JSON.stringify(roster)).not.toContain('13800001234');
  });

  it('answers 304 for the current ETag and a full snapshot once the version moves', async () => {
    const first = await fetchRoster();
    const etag = first.headers.etag;
    expect(typeof etag).toBe('string');
    const unchanged = await fetchRoster({ 'if-none-match': String(etag) });
    expect(unchanged.statusCode).toBe(304);
    expect(unchanged.body).toBe('');

    await bumpRosterVersion(test.gate.db, test.gate.communityId);
    const changed = await fetchRoster({ 'if-none-match': String(etag) });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(RosterSnapshot.parse(changed.json()).version).toBe(RosterSnapshot.parse(first.json()).version + 1);
  });

  it('lists guards by name only: a PIN hash never travels in the roster, and a new PIN does not change it', async () => {
    const now = new Date().toISOString();
    await createUser(test.gate.db, { username: 'guard-li', password: 'guard-li-password', role: 'guard', now });
    const before = String((await fetchRoster()).headers.etag);
    await setGuardPin(test.gate.db, 'guard-li', '李师傅', '1234');
    const listed = await fetchRoster({ 'if-none-match': before });
    expect(listed.statusCode).toBe(200);
    expect(RosterSnapshot.parse(listed.json()).guards).toEqual([{ id: expect.any(String), name: '李师傅' }]);
    expect(listed.body).not.toMatch(/scrypt|PBKDF2|"salt"|"hash"|"pin"/);
    const etag = String(listed.headers.etag);
    await setGuardPin(test.gate.db, 'guard-li', '李师傅', '567890');
    expect((await fetchRoster({ 'if-none-match': etag })).statusCode).toBe(304);
  });

  it('still asks for a device token before answering 304', async () => {
    const etag = String((await fetchRoster()).headers.etag);
    const response = await test.app.inject({ method: 'GET', url: '/api/v1/roster', headers: { 'if-none-match': etag } });
    expect(response.statusCode).toBe(401);
  });
});

describe('etagMatches', () => {
  it('accepts weak tags, lists and *; rejects others', () => {
    expect(etagMatches('W/"a", "b"', '"b"')).toBe(true);
    expect(etagMatches('W/"a"', '"a"')).toBe(true);
    expect(etagMatches('*', '"a"')).toBe(true);
    expect(etagMatches('"a"', '"b"')).toBe(false);
    expect(etagMatches(undefined, '"b"')).toBe(false);
  });
});
