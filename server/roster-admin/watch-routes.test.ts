import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { RosterSnapshot } from '../../protocol/roster.ts';
import { QuestionSetsView, WatchEntryView } from '../../protocol/roster-admin.ts';
import { closeTestApp, openTestApp, signIn, type TestApp } from '../../test/support/server-app.ts';

// 10:00 Beijing time on 2026-11-25.
const NOW = new Date('2026-11-25T02:00:00Z');
let test: TestApp;
let community: string;
let personId: string;
let householdId: string;

beforeEach(async () => {
  test = await openTestApp({ now: () => NOW });
  community = await signIn(test, 'shequ', 'community');
  householdId = uuidv7();
  personId = uuidv7();
  const { db, communityId } = test.gate;
  await db
    .insertInto('households')
    .values({ id: householdId, community_id: communityId, building: '2栋', unit: '1单元', room: '401' })
    .execute();
  await db
    .insertInto('persons')
    .values({
      id: personId,
      community_id: communityId,
      household_id: householdId,
      name: '孙丽',
      category: 'resident',
      phone: null,
      id_hash: null,
      id_masked: null,
    })
    .execute();
});
afterEach(async () => closeTestApp(test));

function call(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, cookie = community) {
  return test.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
}

async function snapshot(): Promise<RosterSnapshot> {
  return RosterSnapshot.parse(
    (
      await test.app.inject({
        method: 'GET',
        url: '/api/v1/roster',
        headers: { authorization: `Bearer ${test.gate.deviceToken}` },
      })
    ).json(),
  );
}

describe('watch list', () => {
  it('defaults home observation to the community observation days and counts day N', async () => {
    const response = await call('POST', '/api/v1/admin/watch', { kind: 'home-observation', personId, startDate: '2026-11-20' });
    expect(response.statusCode).toBe(201);
    expect(WatchEntryView.parse(response.json())).toMatchObject({
      subject: '孙丽',
      address: '2栋1单元401',
      endDate: '2026-12-03',
      day: 6,
      active: true,
    });
  });

  it('follows a rules change: 7 observation days give a 7-day period', async () => {
    await call('PUT', '/api/v1/admin/rules', { feverThresholdC: 37.3, baselineOffsetC: 1, homeObservationDays: 7 });
    const entry = WatchEntryView.parse(
      (await call('POST', '/api/v1/admin/watch', { kind: 'close-contact', personId, startDate: '2026-11-20' })).json(),
    );
    expect(entry.endDate).toBe('2026-11-26');
  });

  it('keeps a suspected case open-ended until released, and a released person drops out of the next snapshot', async () => {
    const entry = WatchEntryView.parse(
      (await call('POST', '/api/v1/admin/watch', { kind: 'suspected-case', personId, startDate: '2026-11-24' })).json(),
    );
    expect(entry.endDate).toBeNull();
    const before = await snapshot();
    expect(before.watch.map((w) => w.id)).toEqual([entry.id]);
    const released = await call('POST', `/api/v1/admin/watch/${entry.id}/release`);
    expect(released.json()).toMatchObject({ active: false, releasedAt: NOW.toISOString() });
    const after = await snapshot();
    expect(after.watch).toEqual([]);
    expect(after.version).toBeGreaterThan(before.version);
    expect((await call('POST', `/api/v1/admin/watch/${entry.id}/release`)).statusCode).toBe(404);
    const all = (await call('GET', '/api/v1/admin/watch?include=all')).json().watch as WatchEntryView[];
    expect(all.map((w) => w.id)).toEqual([entry.id]);
    expect((await call('GET', '/api/v1/admin/watch')).json().watch).toEqual([]);
  });

  it('records a returnee with origin and arrival, and a close contact household by household', async () => {
    const returnee = await call('POST', '/api/v1/admin/watch', {
      kind: 'returnee',
      personId,
      startDate: '2026-11-25',
      origin: '湖北省武汉市',
      arrivalDate: '2026-11-24',
    });
    expect(returnee.statusCode).toBe(201);
    const household = await call('POST', '/api/v1/admin/watch', {
      kind: 'close-contact-household',
      householdId,
      startDate: '2026-11-25',
    });
    expect(household.json()).toMatchObject({ subject: '2栋1单元401', personId: null });
    expect((await snapshot()).watch.map((w) => w.kind).sort()).toEqual(['close-contact-household', 'returnee']);
  });

  it('extends a period, or makes it open-ended, and the gates get the new end', async () => {
    const entry = WatchEntryView.parse(
      (await call('POST', '/api/v1/admin/watch', { kind: 'home-observation', personId, startDate: '2026-11-20' })).json(),
    );
    const body = { kind: entry.kind, personId, startDate: entry.startDate, note: '延长观察' };
    const extended = WatchEntryView.parse(
      (await call('PUT', `/api/v1/admin/watch/${entry.id}`, { ...body, endDate: '2026-12-10' })).json(),
    );
    expect(extended).toMatchObject({ endDate: '2026-12-10', note: '延长观察' });
    expect((await snapshot()).watch[0]).toMatchObject({ id: entry.id, endDate: '2026-12-10' });
    const open = WatchEntryView.parse((await call('PUT', `/api/v1/admin/watch/${entry.id}`, { ...body, endDate: null })).json());
    expect(open.endDate).toBeNull();
    expect((await call('PUT', '/api/v1/admin/watch/nope', { ...body, endDate: null })).statusCode).toBe(404);
  });

  it('refuses inconsistent entries with the reason', async () => {
    const cases = [
      { kind: 'returnee', personId, startDate: '2026-11-25' },
      { kind: 'close-contact-household', personId, startDate: '2026-11-25' },
      { kind: 'home-observation', personId, startDate: '2026-11-25', endDate: '2026-11-20' },
      { kind: 'home-observation', personId: 'nobody', startDate: '2026-11-25' },
      { kind: 'home-observation', personId, startDate: '25/11/2026' },
    ];
    for (const body of cases) {
      const response = await call('POST', '/api/v1/admin/watch', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().message.length).toBeGreaterThan(0);
    }
    expect(await test.gate.db.selectFrom('watch_entries').selectAll().execute()).toEqual([]);
  });

  it('audits every look at the watch list', async () => {
    await call('GET', '/api/v1/admin/watch');
    expect(await test.gate.db.selectFrom('audit_log').select('action').where('action', '=', 'watch.view').execute()).toHaveLength(
      1,
    );
  });
});

describe('rules and questions', () => {
  const question = (id: string, zh: string) => ({ id, text: { 'zh-CN': zh, en: `Q ${id}` }, riskAnswer: true });

  it('publishes question sets as new versions, and the kiosks get the newest', async () => {
    const first = await call('PUT', '/api/v1/admin/questions', { questions: [question('travel', '外出？')] });
    expect(first.json()).toMatchObject({ version: 1 });
    await call('PUT', '/api/v1/admin/questions', {
      questions: [question('travel', '近 14 天外出？'), question('fever', '发热？')],
    });
    const view = QuestionSetsView.parse((await call('GET', '/api/v1/admin/questions')).json());
    expect(view.current?.version).toBe(2);
    expect(view.previousVersions).toEqual([1]);
    expect((await snapshot()).questionSet?.questions.map((q) => q.id)).toEqual(['travel', 'fever']);
  });

  it('refuses duplicate question ids and out-of-range rules', async () => {
    expect(
      (await call('PUT', '/api/v1/admin/questions', { questions: [question('a', '甲'), question('a', '乙')] })).statusCode,
    ).toBe(400);
    expect(
      (await call('PUT', '/api/v1/admin/rules', { feverThresholdC: 42, baselineOffsetC: 1, homeObservationDays: 14 })).statusCode,
    ).toBe(400);
    expect((await snapshot()).rules.feverThresholdC).toBe(37.3);
  });

  it('sends a new fever threshold and goal to the kiosks', async () => {
    const goal = { feverC: 37.5, findShare: 0.9 };
    await call('PUT', '/api/v1/admin/rules', { feverThresholdC: 37.5, baselineOffsetC: 0.8, homeObservationDays: 14, goal });
    const rules = { feverThresholdC: 37.5, baselineOffsetC: 0.8, homeObservationDays: 14, goal };
    expect((await call('GET', '/api/v1/admin/rules')).json()).toEqual(rules);
    expect((await snapshot()).rules).toEqual(rules);
    // No goal: a fixed margin; an impossible goal is refused.
    await call('PUT', '/api/v1/admin/rules', { ...rules, goal: null });
    expect((await snapshot()).rules.goal).toBeNull();
    expect((await call('PUT', '/api/v1/admin/rules', { ...rules, goal: { feverC: 37.5, findShare: 1 } })).statusCode).toBe(400);
    expect((await snapshot()).rules.goal).toBeNull();
  });
});

describe('roles on watch routes', () => {
  it('refuses guards and property staff (403) and anyone signed out (401); admins may', async () => {
    const guard = await signIn(test, 'menwei', 'guard');
    const property = await signIn(test, 'wuye', 'property');
    const admin = await signIn(test, 'root', 'admin');
    const routes: [string, string][] = [
      ['GET', '/api/v1/admin/watch'],
      ['POST', '/api/v1/admin/watch'],
      ['PUT', '/api/v1/admin/watch/x'],
      ['POST', '/api/v1/admin/watch/x/release'],
      ['GET', '/api/v1/admin/rules'],
      ['PUT', '/api/v1/admin/rules'],
      ['GET', '/api/v1/admin/questions'],
      ['PUT', '/api/v1/admin/questions'],
    ];
    for (const [method, url] of routes) {
      const m = method as 'GET';
      expect((await call(m, url, {}, guard)).statusCode, `${method} ${url} guard`).toBe(403);
      expect((await call(m, url, {}, property)).statusCode, `${method} ${url} property`).toBe(403);
      expect((await test.app.inject({ method: m, url })).statusCode, `${method} ${url} signed out`).toBe(401);
    }
    expect((await call('GET', '/api/v1/admin/watch', undefined, admin)).statusCode).toBe(200);
  });
});

describe('NUL text', () => {
  it('refuses a body with U+0000 in any text with a 400 naming the field, on either database, and stores nothing', async () => {
    const response = await call('POST', '/api/v1/admin/watch', {
      kind: 'home-observation',
      personId,
      startDate: '2026-11-20',
      note: '密接\u0000',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'nul-text', message: 'note: the NUL character (U+0000) is not allowed in text' });
    expect(await test.gate.db.selectFrom('watch_entries').select('id').execute()).toEqual([]);
  });
});
