import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRole } from '../../protocol/review.ts';
import { communityDate } from '../../protocol/community-date.ts';
import { enrollDevice } from '../accounts/devices.ts';
import { createUser } from '../accounts/sessions.ts';
import type { RegisteredRoute } from './route-access.ts';
import { closeTestApp, openTestApp, signIn, type TestApp } from '../../test/support/server-app.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import type { ContactsResponse, TimelineResponse } from '../../protocol/review-queries.ts';
import { ingestEntries } from '../gates/ingest.ts';
import { v7 as uuidv7 } from 'uuid';

/*
 * The route table test, organisation scope: two streets under one district, a compound in each.
 * Street A's users (the default tree, where the test app's compound sits) call every route aimed
 * at street B's compound — its id as ?communityId=, its rows' ids in the path and body — and must
 * be refused with nothing of B read or changed; the district's users make the same calls and are
 * answered, which proves each call was valid and only the scope refused it. A route registered
 * later must be placed in one of the tables below, or this test fails.
 */

const MARK = 'BETA';
const NOW = new Date();
// The compounds' own calendar (Beijing), as the routes count it.
const today = communityDate(NOW);

/** Routes that hold no compound data at all. */
const NO_COMPOUND_DATA = new Set([
  'GET /api/v1/session',
  'DELETE /api/v1/session',
  'GET /api/v1/settings/retention',
  'PUT /api/v1/settings/retention',
  'GET /api/v1/admin/backups',
  'PUT /api/v1/org/level-names',
]);
/** Streams never end on their own; their scope is tested by live-events-routes.test.ts. */
const STREAMS = new Set(['GET /api/v1/live/fevers']);

interface BetaIds {
  compound: string;
  street: string;
  community: string;
  gate: string;
  device: string;
  household: string;
  household2: string;
  person: string;
  vehicle: string;
  visitor: string;
  watch: string;
  user: string;
  guard: string;
  feverEvent: string;
  entry: string;
}

let test: TestApp;
let b: BetaIds;
const cookies = { streetA: {} as Record<UserRole, string>, district: {} as Record<UserRole, string> };

async function setUpBeta(): Promise<BetaIds> {
  const db = test.gate.db;
  const at = NOW.toISOString();
  await db
    .insertInto('org_nodes')
    .values([
      {
        id: 'street-b',
        parent_id: 'org-district',
        level: 'street',
        name: `${MARK}街道`,
        path: '/org-district/street-b/',
        created_at: at,
      },
      {
        id: 'community-b',
        parent_id: 'street-b',
        level: 'community',
        name: `${MARK}社区`,
        path: '/org-district/street-b/community-b/',
        created_at: at,
      },
    ])
    .execute();
  await db
    .insertInto('communities')
    .values({ id: 'compound-b', name: `${MARK}小区`, roster_version: 1, created_at: at, org_parent_id: 'community-b' })
    .execute();
  await db
    .insertInto('gates')
    .values({ id: 'gate-b', community_id: 'compound-b', name: `${MARK}南门`, note: null })
    .execute();
  const device = await enrollDevice(db, { deviceId: 'device-b', gateId: 'gate-b', now: at, label: `${MARK}设备` });
  await db
    .insertInto('households')
    .values([
      { id: 'household-b', community_id: 'compound-b', building: `${MARK}楼`, unit: '1', room: '101', floor: 1 },
      { id: 'household-b2', community_id: 'compound-b', building: `${MARK}楼`, unit: '1', room: '102', floor: 1 },
      // Nobody of it passes: the occupancy sweep lists it.
      { id: 'household-b3', community_id: 'compound-b', building: `${MARK}楼`, unit: '1', room: '103', floor: 1 },
    ])
    .execute();
  await db
    .insertInto('persons')
    .values({
      id: 'person-b3',
      community_id: 'compound-b',
      household_id: 'household-b3',
      name: `${MARK}住户`,
      category: 'resident',
      phone: null,
      id_hash: null,
      id_masked: null,
    })
    .execute();
  await db
    .insertInto('persons')
    .values({
      id: 'person-b',
      community_id: 'compound-b',
      household_id: 'household-b',
      name: `${MARK}居民`,
      category: 'resident',
      phone: '13800000000',
      id_hash: null,
      id_masked: null,
    })
    .execute();
  await db
    .insertInto('vehicles')
    .values({ id: 'vehicle-b', community_id: 'compound-b', household_id: 'household-b', plate: '鄂A BETA1' })
    .execute();
  await db
    .insertInto('visitor_passes')
    .values({
      id: 'visitor-b',
      community_id: 'compound-b',
      code: 'BETA-CODE',
      name: `${MARK}访客`,
      host_household_id: 'household-b',
      valid_from: today,
      valid_until: today,
      vehicle_plate: null,
      created_at: at,
      revoked_at: null,
    })
    .execute();
  await db
    .insertInto('watch_entries')
    .values({
      id: 'watch-b',
      community_id: 'compound-b',
      kind: 'home-observation',
      person_id: 'person-b',
      household_id: null,
      start_date: today,
      end_date: null,
      origin: null,
      arrival_date: null,
      note: MARK,
      created_at: at,
      released_at: null,
    })
    .execute();
  await db
    .insertInto('question_sets')
    .values({
      community_id: 'compound-b',
      version: 1,
      questions: JSON.stringify([{ id: 'beta', text: { 'zh-CN': `${MARK}问题`, en: `${MARK} question` }, riskAnswer: true }]),
      created_at: at,
    })
    .execute();
  const userId = await createUser(db, {
    username: 'beta-staff',
    password: 'pw-beta-staff-secret',
    role: 'community',
    now: at,
    compoundId: 'compound-b',
  });
  const guardId = await createUser(db, {
    username: 'beta-guard',
    password: 'pw-beta-guard-secret',
    role: 'guard',
    now: at,
    compoundId: 'compound-b',
  });
  await db
    .insertInto('audit_log')
    .values({
      id: '00000000-0000-7000-8000-000000000001',
      at,
      user_id: userId,
      action: 'entries.list',
      detail: JSON.stringify({ note: MARK }),
    })
    .execute();
  const fever = makeEntryRecord(
    { deviceId: 'device-b', gateId: 'gate-b' },
    {
      occurredAt: at,
      subject: { category: 'resident', personId: 'person-b', name: `${MARK}居民`, idHash: null, idMasked: null, scan: null },
      flags: ['fever'],
      readings: [{ valueC: 38.4, source: 'infrared', at, ambientC: null }],
      decision: 'referred',
    },
  );
  const stored = await test.app.inject({
    method: 'POST',
    url: '/api/v1/ingest',
    headers: { authorization: `Bearer ${device.token}` },
    payload: { batchId: 'beta', entries: [fever] },
  });
  expect(stored.statusCode).toBe(200);
  const event = await db.selectFrom('fever_events').select('id').where('entry_id', '=', fever.id).executeTakeFirstOrThrow();
  return {
    compound: 'compound-b',
    street: 'street-b',
    community: 'community-b',
    gate: 'gate-b',
    device: 'device-b',
    household: 'household-b',
    household2: 'household-b2',
    person: 'person-b',
    vehicle: 'vehicle-b',
    visitor: 'visitor-b',
    watch: 'watch-b',
    user: userId,
    guard: guardId,
    feverEvent: event.id,
    entry: fever.id,
  };
}

beforeAll(async () => {
  test = await openTestApp({ now: () => NOW });
  b = await setUpBeta();
  for (const role of ['admin', 'community', 'property'] as const) {
    cookies.streetA[role] = await signIn(test, `street-a-${role}`, role, { orgNodeId: 'org-street' });
    cookies.district[role] = await signIn(test, `district-${role}`, role, { orgNodeId: 'org-district' });
  }
});
afterAll(async () => {
  await closeTestApp(test);
});

const name = (route: RegisteredRoute) => `${route.method} ${route.url}`;

/** Each path parameter, aimed at street B. */
function aimedAtB(route: RegisteredRoute): string {
  const ids: Record<string, string> = {
    '/api/v1/admin/households/:id': b.household2,
    '/api/v1/admin/households/:id/pass-sheet': b.household,
    '/api/v1/admin/persons/:id': b.person,
    '/api/v1/admin/vehicles/:id': b.vehicle,
    '/api/v1/admin/gates/:id': b.gate,
    '/api/v1/admin/visitors/:id': b.visitor,
    '/api/v1/admin/watch/:id': b.watch,
    '/api/v1/admin/watch/:id/release': b.watch,
    '/api/v1/users/:id': b.user,
    '/api/v1/users/:id/password': b.user,
    '/api/v1/users/:id/pin': b.guard,
    '/api/v1/devices/:id/revoke': b.device,
    '/api/v1/review/fevers/:eventId/follow-ups': b.feverEvent,
    '/api/v1/review/persons/:personId/timeline': b.person,
    '/api/v1/org/nodes/:id/time-zone': b.compound,
    '/api/v1/org/nodes/:id/name': b.compound,
    '/api/v1/admin/gates/:gateId/opening-hours': b.gate,
  };
  // A community's daily report names the community node and the day.
  if (route.url.startsWith('/api/v1/reports/daily/')) return route.url.replace(':nodeId', b.community).replace(':day', today);
  if (route.url.startsWith('/api/v1/reports/')) return route.url.replace(':nodeId', b.street);
  if (!route.url.includes(':')) return route.url;
  // A person off the watch list, so the district's delete goes through.
  const id = name(route) === 'DELETE /api/v1/admin/persons/:id' ? 'person-b3' : ids[route.url];
  if (!id) throw new Error(`${name(route)}: add what its path parameter names in street B to aimedAtB`);
  return route.url.replace(/:[A-Za-z]+/, id);
}

/** A valid body for every write, aimed at street B. */
function bodyFor(route: RegisteredRoute): unknown {
  const bodies: Record<string, unknown> = {
    'POST /api/v1/admin/households': { building: '9', unit: '9', room: '909' },
    'PUT /api/v1/admin/households/:id': { building: `${MARK}楼`, unit: '1', room: '104' },
    'DELETE /api/v1/admin/households/:id': undefined,
    'POST /api/v1/admin/households/:id/pass-sheet': {},
    'POST /api/v1/admin/persons': { householdId: b.household, name: '新人', category: 'resident' },
    'PUT /api/v1/admin/persons/:id': { householdId: b.household, name: '改名', category: 'resident' },
    'DELETE /api/v1/admin/persons/:id': undefined,
    'POST /api/v1/admin/vehicles': { plate: '鄂A12345', householdId: b.household },
    'DELETE /api/v1/admin/vehicles/:id': undefined,
    'POST /api/v1/admin/gates': { name: '新门' },
    'PUT /api/v1/admin/gates/:id': { name: '改门' },
    'POST /api/v1/admin/visitors': { name: '来客', hostHouseholdId: b.household, validFrom: today, validUntil: today },
    'DELETE /api/v1/admin/visitors/:id': undefined,
    'POST /api/v1/admin/watch': { kind: 'close-contact', personId: b.person, startDate: today },
    'PUT /api/v1/admin/watch/:id': { kind: 'home-observation', personId: b.person, startDate: today, endDate: today },
    'POST /api/v1/admin/watch/:id/release': {},
    'PUT /api/v1/admin/rules': { feverThresholdC: 37.5, baselineOffsetC: 1, homeObservationDays: 14 },
    'PUT /api/v1/admin/questions': { questions: [{ id: 'q', text: { 'zh-CN': '问', en: 'Q' }, riskAnswer: true }] },
    'POST /api/v1/admin/roster-import': {},
    'POST /api/v1/admin/follow-tree': { rules: true, questions: true },
    'POST /api/v1/users': { username: 'new-in-b', password: 'long-enough-password', role: 'property', compoundId: b.compound },
    'PATCH /api/v1/users/:id': { disabled: true },
    'POST /api/v1/users/:id/password': { password: 'another-long-password' },
    'POST /api/v1/users/:id/pin': { pin: '482193' },
    'POST /api/v1/devices': { gateId: b.gate },
    'POST /api/v1/devices/:id/revoke': {},
    'POST /api/v1/review/fevers/:eventId/follow-ups': { kind: 'referred', clinic: '发热门诊' },
    'POST /api/v1/review/confirmed-cases': { communityId: b.compound, personId: b.person, confirmedOn: today },
    'POST /api/v1/org/nodes': { parentId: b.street, level: 'community', name: '新社区' },
    'PUT /api/v1/org/nodes/:id/time-zone': { timeZone: 'Asia/Urumqi' },
    'PUT /api/v1/org/nodes/:id/name': { name: '改名小区' },
    'PUT /api/v1/admin/gates/:gateId/opening-hours': { openingHours: '06:00-22:00' },
    'POST /api/v1/reports/daily/:nodeId/:day/sign': { note: `${MARK}已核对` },
    'POST /api/v1/reports/daily/:nodeId/:day/submit': { version: 1 },
    'PUT /api/v1/reports/deadline/:nodeId': { daysAfter: 1, time: '09:00' },
  };
  const key = name(route);
  if (!(key in bodies)) throw new Error(`${key}: add a valid body aimed at street B to bodyFor`);
  return bodies[key];
}

/** What the district may answer for a valid call (the import refuses a JSON body only after the scope check). */
const DISTRICT_ANSWER: Record<string, number> = { 'POST /api/v1/admin/roster-import': 415 };

function roleFor(route: RegisteredRoute): 'admin' | 'community' | 'property' {
  const allowed = route.access?.kind === 'user' ? route.access.roles : [];
  const role = (['admin', 'community', 'property'] as const).find((r) => allowed.includes(r));
  if (!role) throw new Error(`${name(route)}: no console role may call it`);
  return role;
}

/** Reads that need a question, aimed at street B. */
function queryFor(route: RegisteredRoute): string {
  const queries: Record<string, string> = {
    '/api/v1/review/persons': `?q=${MARK}`,
    '/api/v1/review/contacts': `?entryId=${b.entry}`,
    '/api/v1/review/figures': `?from=${today}&to=${today}`,
    '/api/v1/review/exports/figures.csv': `?from=${today}&to=${today}`,
    '/api/v1/rollups': `?from=${today}&to=${today}`,
    '/api/v1/rollups/export.csv': `?from=${today}&to=${today}`,
    '/api/v1/rollups/export.xlsx': `?from=${today}&to=${today}`,
    '/api/v1/reports/board/:nodeId': `?day=${today}`,
    '/api/v1/reports/board/:nodeId/export.csv': `?day=${today}`,
    '/api/v1/reports/board/:nodeId/export.xlsx': `?day=${today}`,
  };
  return queries[route.url] ?? '?';
}

/** Reads whose answer for street B carries none of its names or ids (numbers only). */
const SHOWS_NO_MARK = new Set(['GET /api/v1/admin/rules', 'GET /api/v1/admin/settings-source']);

function call(route: RegisteredRoute, cookie: string, query: string) {
  const method = route.method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  const body = method === 'GET' || method === 'DELETE' ? undefined : bodyFor(route);
  return test.app.inject({
    method,
    url: `${aimedAtB(route)}${query}`,
    headers: { cookie },
    ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
  });
}

/** Everything of street B a write could change. */
async function snapshotOfB(): Promise<string> {
  const db = test.gate.db;
  const rows = await Promise.all([
    db.selectFrom('households').selectAll().where('community_id', '=', b.compound).orderBy('id').execute(),
    db.selectFrom('persons').selectAll().where('community_id', '=', b.compound).orderBy('id').execute(),
    db.selectFrom('vehicles').selectAll().where('community_id', '=', b.compound).orderBy('id').execute(),
    db.selectFrom('gates').selectAll().where('community_id', '=', b.compound).orderBy('id').execute(),
    db.selectFrom('visitor_passes').selectAll().where('community_id', '=', b.compound).orderBy('id').execute(),
    db.selectFrom('watch_entries').selectAll().where('community_id', '=', b.compound).orderBy('id').execute(),
    db.selectFrom('screening_rules').selectAll().where('community_id', '=', b.compound).execute(),
    db.selectFrom('question_sets').selectAll().where('community_id', '=', b.compound).orderBy('version').execute(),
    db.selectFrom('confirmed_cases').selectAll().where('community_id', '=', b.compound).orderBy('id').execute(),
    db.selectFrom('devices').select(['id', 'revoked_at']).where('gate_id', '=', b.gate).orderBy('id').execute(),
    db.selectFrom('fever_follow_ups').selectAll().where('event_id', '=', b.feverEvent).orderBy('id').execute(),
    db
      .selectFrom('users')
      .select(['id', 'username', 'role', 'disabled_at', 'password_hash', 'guard_pin'])
      .where('compound_id', '=', b.compound)
      .orderBy('id')
      .execute(),
    db.selectFrom('communities').selectAll().where('id', '=', b.compound).execute(),
    db.selectFrom('org_nodes').select('id').where('path', 'like', '/org-district/street-b/%').orderBy('id').execute(),
    db.selectFrom('daily_reports').selectAll().where('community_node_id', '=', b.community).orderBy('id').execute(),
    db.selectFrom('report_deadlines').selectAll().where('node_id', 'in', [b.street, b.community]).execute(),
  ]);
  return JSON.stringify(rows);
}

/** B's names and ids found in an answer; a refusal may echo the id it was asked for, never a name. */
async function leaksB(response: {
  statusCode: number;
  body: string;
  rawPayload: Buffer;
  headers: Record<string, unknown>;
}): Promise<string[]> {
  const markers = response.statusCode >= 400 ? [MARK] : [MARK, ...Object.values(b)];
  const text = String(response.headers['content-type']).includes('spreadsheetml')
    ? await workbookText(response.rawPayload)
    : response.body;
  return markers.filter((marker) => text.includes(marker));
}

/** Every cell of a workbook as text: a zipped answer shows nothing to a plain search. */
async function workbookText(bytes: Buffer): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells: string[] = [];
  book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
  return cells.join('\n');
}

describe('every route, aimed outside the caller’s subtree', () => {
  const routes = () =>
    test.app.routeTable.filter(
      // HEAD runs the GET handler: the GET's check covers it.
      (route) =>
        route.access?.kind === 'user' &&
        route.method !== 'HEAD' &&
        !STREAMS.has(name(route)) &&
        !NO_COMPOUND_DATA.has(name(route)),
    );

  it('answers street A’s reads nothing of street B, and the district’s with B’s data', async () => {
    // The audit log first: later calls put street B's ids in street A's own trail, as typed.
    const reads = routes()
      .filter((route) => route.method === 'GET')
      .sort((x, y) => Number(y.url === '/api/v1/audit') - Number(x.url === '/api/v1/audit'));
    expect(reads.map(name)).toContain('GET /api/v1/entries');
    for (const route of reads) {
      const role = roleFor(route);
      const narrowed = await call(route, cookies.streetA[role], `?communityId=${b.compound}`);
      expect([name(route), narrowed.statusCode]).toEqual([name(route), 404]);
      const plain = await call(route, cookies.streetA[role], queryFor(route));
      expect([name(route), await leaksB(plain)]).toEqual([name(route), []]);
      const district = await call(route, cookies.district[role], `${queryFor(route)}&communityId=${b.compound}`);
      expect([name(route), district.statusCode]).toEqual([name(route), 200]);
      if (!SHOWS_NO_MARK.has(name(route)))
        expect([name(route), (await leaksB(district)).length > 0]).toEqual([name(route), true]);
    }
  });

  it('refuses street A’s writes to street B and changes nothing there; the district’s same calls go through', async () => {
    const writes = routes().filter((route) => route.method !== 'GET');
    expect(writes.map(name)).toContain('POST /api/v1/admin/households');
    const before = await snapshotOfB();
    for (const route of writes) {
      const response = await call(route, cookies.streetA[roleFor(route)], `?communityId=${b.compound}`);
      expect([name(route), response.statusCode]).toEqual([name(route), 404]);
      expect([name(route), await leaksB(response)]).toEqual([name(route), []]);
    }
    expect(await snapshotOfB()).toBe(before);
    // Deletes and revocations last, so every earlier call still finds what it aims at.
    const last = (route: RegisteredRoute) =>
      route.method === 'DELETE' ? 2 : route.url.endsWith('revoke') || route.url.endsWith('release') ? 1 : 0;
    for (const route of [...writes].sort((x, y) => last(x) - last(y))) {
      const response = await call(route, cookies.district[roleFor(route)], `?communityId=${b.compound}`);
      const expected = DISTRICT_ANSWER[name(route)];
      if (expected) expect([name(route), response.statusCode]).toEqual([name(route), expected]);
      else expect([name(route), response.statusCode < 300, response.body]).toEqual([name(route), true, response.body]);
    }
    expect(await snapshotOfB()).not.toBe(before);
  });
});

describe('users at each level', () => {
  it('see their own node and below: the district both compounds, a street, community or compound user only their own', async () => {
    const entryGates = async (cookie: string) =>
      new Set(
        (
          (await test.app.inject({ method: 'GET', url: '/api/v1/entries', headers: { cookie } })).json() as {
            entries: { gateId: string }[];
          }
        ).entries.map((e) => e.gateId),
      );
    await test.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { authorization: `Bearer ${test.gate.deviceToken}` },
      payload: { batchId: 'alpha', entries: [makeEntryRecord(test.gate)] },
    });
    const community = await signIn(test, 'community-a', 'community', { orgNodeId: 'org-community' });
    const compound = await signIn(test, 'compound-a', 'community', { compoundId: test.gate.communityId });
    const compoundB = await signIn(test, 'compound-b-staff', 'community', { compoundId: b.compound });
    expect(await entryGates(cookies.district.community)).toEqual(new Set([test.gate.gateId, b.gate]));
    expect(await entryGates(cookies.streetA.community)).toEqual(new Set([test.gate.gateId]));
    expect(await entryGates(community)).toEqual(new Set([test.gate.gateId]));
    expect(await entryGates(compound)).toEqual(new Set([test.gate.gateId]));
    expect(await entryGates(compoundB)).toEqual(new Set([b.gate]));
    // Nothing above: a compound user naming its own community node is refused.
    const above = await test.app.inject({
      method: 'GET',
      url: '/api/v1/entries?nodeId=org-community',
      headers: { cookie: compound },
    });
    expect(above.statusCode).toBe(404);
  });

  it('keeps server-wide settings for the top of the tree', async () => {
    for (const url of ['/api/v1/settings/retention', '/api/v1/admin/backups']) {
      expect((await test.app.inject({ method: 'GET', url, headers: { cookie: cookies.streetA.admin } })).statusCode).toBe(403);
      expect((await test.app.inject({ method: 'GET', url, headers: { cookie: cookies.district.admin } })).statusCode).toBe(200);
    }
    const names = {
      district: { 'zh-CN': '市辖区', en: 'District' },
      street: { 'zh-CN': '镇', en: 'Town' },
      community: { 'zh-CN': '村', en: 'Village' },
      compound: { 'zh-CN': '组', en: 'Group' },
    };
    const rename = (cookie: string) =>
      test.app.inject({ method: 'PUT', url: '/api/v1/org/level-names', headers: { cookie }, payload: names });
    expect((await rename(cookies.streetA.admin)).statusCode).toBe(403);
    expect(await test.gate.db.selectFrom('org_level_names').selectAll().execute()).toEqual([]);
    expect((await rename(cookies.district.admin)).json()).toEqual(names);
    const tree = await test.app.inject({ method: 'GET', url: '/api/v1/org/tree', headers: { cookie: cookies.streetA.property } });
    expect(tree.json().levelNames).toEqual(names);
  });
});

describe('tracing a person across compounds', () => {
  it('follows the person through every compound of the caller’s subtree by roster and ID hash, never into street B, audited', async () => {
    const db = test.gate.db;
    const at = NOW.toISOString();
    const idHash = 'ab'.repeat(32);
    // A second compound in street A, and the same person on its roster and on street B's.
    await db
      .insertInto('communities')
      .values({ id: 'compound-a2', name: '阿尔法二小区', roster_version: 1, created_at: at, org_parent_id: 'org-community' })
      .execute();
    await db.insertInto('gates').values({ id: 'gate-a2', community_id: 'compound-a2', name: '二号门', note: null }).execute();
    await enrollDevice(db, { deviceId: 'device-a2', gateId: 'gate-a2', now: at });
    const person = (id: string, community: string, name: string) => ({
      id,
      community_id: community,
      household_id: null,
      name,
      category: 'courier' as const,
      phone: null,
      id_hash: idHash,
      id_masked: '420**************7',
    });
    await db
      .insertInto('persons')
      .values([
        person('courier-a1', test.gate.communityId, '快递员甲'),
        person('courier-a2', 'compound-a2', '快递员甲'),
        person('courier-b', b.compound, `${MARK}快递员`),
      ])
      .execute();
    const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
    const passage = (
      gate: { id: string; gateId: string },
      minutes: number,
      subject: { personId: string | null; name: string; idHash: string | null },
    ) =>
      makeEntryRecord(
        { deviceId: gate.id, gateId: gate.gateId },
        {
          // The id is the passage's time (UUIDv7), as a kiosk mints it: contacts are found by id windows.
          id: uuidv7({ msecs: NOW.getTime() - minutes * 60_000 }),
          occurredAt: minutesAgo(minutes),
          subject: { category: 'courier', ...subject, idMasked: subject.idHash ? '420**************7' : null, scan: null },
        },
      );
    const a1 = { id: test.gate.deviceId, gateId: test.gate.gateId, communityId: test.gate.communityId };
    const a2 = { id: 'device-a2', gateId: 'gate-a2', communityId: 'compound-a2' };
    const gb = { id: b.device, gateId: b.gate, communityId: b.compound };
    const traced = {
      // On A1's roster; at A2 let in as a visitor by the card's hash; at B on B's roster and as a visitor.
      a1: passage(a1, 300, { personId: 'courier-a1', name: '快递员甲', idHash }),
      a2: passage(a2, 200, { personId: null, name: '快递员甲', idHash }),
      a2Roster: passage(a2, 190, { personId: 'courier-a2', name: '快递员甲', idHash: null }),
      b: passage(gb, 100, { personId: null, name: `${MARK}快递员`, idHash }),
      bRoster: passage(gb, 90, { personId: 'courier-b', name: `${MARK}快递员`, idHash: null }),
    };
    const near = {
      a1: passage(a1, 298, { personId: null, name: '邻人甲', idHash: null }),
      a2: passage(a2, 203, { personId: null, name: '邻人乙', idHash: null }),
      b: passage(gb, 99, { personId: null, name: `${MARK}邻人`, idHash: null }),
    };
    await ingestEntries(db, a1, [traced.a1, near.a1], at);
    await ingestEntries(db, a2, [traced.a2, traced.a2Roster, near.a2], at);
    await ingestEntries(db, gb, [traced.b, traced.bRoster, near.b], at);

    const get = async (cookie: string, url: string) => {
      const response = await test.app.inject({ method: 'GET', url, headers: { cookie } });
      return {
        statusCode: response.statusCode,
        status: response.statusCode,
        body: response.body,
        rawPayload: response.rawPayload,
        headers: response.headers,
        json: response.json() as TimelineResponse & ContactsResponse,
      };
    };
    const streetA = cookies.streetA.community;
    const timeline = await get(streetA, '/api/v1/review/persons/courier-a1/timeline');
    expect(timeline.status).toBe(200);
    expect(timeline.json.tracedAcross).toBe(true);
    expect(timeline.json.entries.map((e) => e.id)).toEqual([traced.a1.id, traced.a2.id, traced.a2Roster.id]);
    expect(timeline.json.compounds.map((c) => c.compoundName).sort()).toEqual(['测试小区', '阿尔法二小区'].sort());
    expect(await leaksB(timeline)).toEqual([]);

    const contacts = await get(streetA, '/api/v1/review/contacts?personId=courier-a1&minutes=15');
    expect(contacts.status).toBe(200);
    expect(contacts.json.tracedAcross).toBe(true);
    expect(contacts.json.sources.map((e) => e.id).sort()).toEqual([traced.a1.id, traced.a2.id, traced.a2Roster.id].sort());
    expect(contacts.json.contacts.map((c) => c.entry.id).sort()).toEqual([near.a1.id, near.a2.id].sort());
    expect(await leaksB(contacts)).toEqual([]);

    // Street B's roster row of the same person is not street A's to look up; the district sees all.
    expect((await get(streetA, '/api/v1/review/persons/courier-b/timeline')).status).toBe(404);
    const district = await get(cookies.district.community, '/api/v1/review/persons/courier-a1/timeline');
    expect(district.json.entries.map((e) => e.id)).toEqual(
      [traced.a1, traced.a2, traced.a2Roster, traced.b, traced.bRoster].map((r) => r.id),
    );

    // A compound's own staff see their own gates, as before.
    const compound = await signIn(test, 'compound-a1-trace', 'community', { compoundId: test.gate.communityId });
    const own = await get(compound, '/api/v1/review/persons/courier-a1/timeline');
    expect(own.json.tracedAcross).toBe(false);
    expect(own.json.entries.map((e) => e.id)).toEqual([traced.a1.id]);

    const trail = await db
      .selectFrom('audit_log')
      .innerJoin('users', 'users.id', 'audit_log.user_id')
      .select(['audit_log.action as action', 'audit_log.detail as detail'])
      .where('users.username', '=', 'street-a-community')
      .where('audit_log.action', 'in', ['trace.timeline', 'trace.contacts'])
      .orderBy('audit_log.id')
      .execute();
    expect(trail.map((row) => [row.action, (JSON.parse(row.detail) as { compounds: string[] }).compounds])).toEqual([
      ['trace.timeline', [test.gate.communityId, 'compound-a2'].sort()],
      ['trace.contacts', [test.gate.communityId, 'compound-a2'].sort()],
    ]);
  });
});
