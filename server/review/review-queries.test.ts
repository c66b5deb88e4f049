import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntryRecord } from '../../protocol/entry.ts';
import { listEntryViews } from './entry-views.ts';
import { ingestEntries } from '../gates/ingest.ts';
import { openTestGate, type TestGate } from '../../test/support/server-database.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { summarizeFigures } from './figures.ts';
import { findContacts, MAX_CONTACTS } from './contacts.ts';
import { searchPersons } from './person-summaries.ts';
import { occupancySweep } from './sweep.ts';
import { personTimeline } from './timeline.ts';
import { DEFAULT_TOP_SCOPE } from '../org/scope.ts';

let gate: TestGate;
let eastGateId: string;
const NOW = new Date('2026-11-25T12:00:00.000Z');

beforeEach(async () => {
  gate = await openTestGate();
  eastGateId = uuidv7();
  await gate.db
    .insertInto('gates')
    .values({ id: eastGateId, community_id: gate.communityId, name: '东门', note: null })
    .execute();
  await gate.db
    .insertInto('households')
    .values([
      { id: 'h1', community_id: gate.communityId, building: '3', unit: '2', room: '501' },
      { id: 'h2', community_id: gate.communityId, building: '3', unit: '2', room: '502' },
      { id: 'h3', community_id: gate.communityId, building: '4', unit: '1', room: '101' },
    ])
    .execute();
  await gate.db
    .insertInto('persons')
    .values([
      {
        id: 'p1',
        community_id: gate.communityId,
        household_id: 'h1',
        name: '李娜',
        category: 'resident',
        phone: '13800001234',
        id_hash: null,
        id_masked: '110**************1',
      },
      {
        id: 'p2',
        community_id: gate.communityId,
        household_id: 'h2',
        name: '王强',
        category: 'tenant',
        phone: null,
        id_hash: null,
        id_masked: null,
      },
      {
        id: 'p3',
        community_id: gate.communityId,
        household_id: 'h3',
        name: '李_明',
        category: 'resident',
        phone: null,
        id_hash: null,
        id_masked: null,
      },
    ])
    .execute();
});
afterEach(async () => {
  await gate.db.destroy();
});

/** A record whose UUIDv7 and passage time both say `at` (UTC ISO), as a kiosk writes them. */
function at(iso: string, overrides: Partial<EntryRecord> = {}): EntryRecord {
  const ms = Date.parse(iso);
  const local = new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');
  return makeEntryRecord(gate, { id: uuidv7({ msecs: ms }), occurredAt: local, ...overrides });
}
function person(personId: string, category: EntryRecord['subject']['category'] = 'resident'): Partial<EntryRecord> {
  return { subject: { category, personId, name: null, idHash: null, idMasked: null, scan: null } };
}

async function store(records: EntryRecord[], gateId = gate.gateId) {
  const device = { id: gate.deviceId, gateId, communityId: gate.communityId };
  await ingestEntries(gate.db, device, records, NOW.toISOString());
}

describe('entry log filters', () => {
  it('filters by gate, direction, person, category, flag and time range, and pages with before', async () => {
    const records = [
      at('2026-11-25T01:00:00.000Z', { ...person('p1'), direction: 'in' }),
      at('2026-11-25T02:00:00.000Z', { ...person('p1'), direction: 'out', flags: ['fever'] }),
      at('2026-11-25T03:00:00.000Z', { direction: 'in', flags: ['unknown-person'] }),
      at('2026-11-25T04:00:00.000Z', { ...person('p2', 'tenant'), direction: 'out', flags: ['fever'] }),
    ];
    await store(records);
    const ids = async (query: Parameters<typeof listEntryViews>[1]) =>
      (await listEntryViews(gate.db, query, DEFAULT_TOP_SCOPE)).map((e) => e.id);
    const [a, b, c, d] = records.map((r) => r.id);
    expect(await ids({ limit: 50 })).toEqual([d, c, b, a]);
    expect(await ids({ limit: 50, gateId: gate.gateId, direction: 'out' })).toEqual([d, b]);
    expect(await ids({ limit: 50, personId: 'p1' })).toEqual([b, a]);
    expect(await ids({ limit: 50, category: 'visitor' })).toEqual([c]);
    expect(await ids({ limit: 50, flag: 'fever' })).toEqual([d, b]);
    expect(await ids({ limit: 1, flag: 'fever', before: d })).toEqual([b]);
    expect(await ids({ limit: 50, from: '2026-11-25T10:00:00+08:00', to: '2026-11-25T03:00:00Z' })).toEqual([b]);
    expect(await ids({ limit: 50, gateId: eastGateId })).toEqual([]);
  });
});

describe('person look-up and timeline', () => {
  it('finds persons by name part, masked ID or phone ending, with LIKE wildcards taken literally', async () => {
    expect((await searchPersons(gate.db, '李', DEFAULT_TOP_SCOPE)).map((p) => p.id).sort()).toEqual(['p1', 'p3']);
    expect((await searchPersons(gate.db, '1234', DEFAULT_TOP_SCOPE)).map((p) => p.id)).toEqual(['p1']);
    expect((await searchPersons(gate.db, '_', DEFAULT_TOP_SCOPE)).map((p) => p.id)).toEqual(['p3']);
    expect((await searchPersons(gate.db, '%', DEFAULT_TOP_SCOPE)).map((p) => p.id)).toEqual([]);
    expect((await searchPersons(gate.db, '李娜', DEFAULT_TOP_SCOPE))[0]).toEqual({
      id: 'p1',
      name: '李娜',
      category: 'resident',
      address: '3-2-501',
      idMasked: '110**************1',
    });
  });

  it('finds the persons of a household by its address as staff type it', async () => {
    expect((await searchPersons(gate.db, '3栋502', DEFAULT_TOP_SCOPE)).map((p) => p.id)).toEqual(['p2']);
    expect((await searchPersons(gate.db, '3-2-501', DEFAULT_TOP_SCOPE)).map((p) => p.id)).toEqual(['p1']);
    expect((await searchPersons(gate.db, '4 101', DEFAULT_TOP_SCOPE)).map((p) => p.id)).toEqual(['p3']);
    // Building 3 has no room 101; building 4 has no unit 2.
    expect(await searchPersons(gate.db, '3-101', DEFAULT_TOP_SCOPE)).toEqual([]);
    expect(await searchPersons(gate.db, '4-2-101', DEFAULT_TOP_SCOPE)).toEqual([]);
  });

  it('lists the last days of passages oldest first, and nothing older', async () => {
    const old = at('2026-11-10T01:00:00.000Z', person('p1'));
    const first = at('2026-11-20T01:00:00.000Z', person('p1'));
    const second = at('2026-11-25T01:00:00.000Z', person('p1'));
    const someoneElse = at('2026-11-25T01:00:01.000Z', person('p2', 'tenant'));
    await store([old, first, second, someoneElse]);
    const timeline = await personTimeline(gate.db, 'p1', 14, NOW, DEFAULT_TOP_SCOPE);
    expect(timeline?.person.name).toBe('李娜');
    expect(timeline?.entries.map((e) => e.id)).toEqual([first.id, second.id]);
    expect(timeline?.truncated).toBe(false);
    expect(await personTimeline(gate.db, 'nobody', 14, NOW, DEFAULT_TOP_SCOPE)).toBeNull();
  });
});

describe('contact look-up', () => {
  it('finds others at the same gate within ±minutes of an entry, not at other gates or outside the window', async () => {
    const source = at('2026-11-25T01:00:00.000Z', person('p1'));
    const before = at('2026-11-25T00:50:00.000Z');
    const after = at('2026-11-25T01:14:00.000Z', person('p2', 'tenant'));
    const tooLate = at('2026-11-25T01:16:00.000Z');
    const sameAgain = at('2026-11-25T01:05:00.000Z', person('p1'));
    await store([source, before, after, tooLate, sameAgain]);
    const otherGate = at('2026-11-25T01:01:00.000Z', { gateId: eastGateId });
    await gate.db.updateTable('devices').set({ gate_id: eastGateId }).where('id', '=', gate.deviceId).execute();
    await store([otherGate], eastGateId);
    const found = await findContacts(gate.db, { entryId: source.id, minutes: 15, days: 14 }, NOW, DEFAULT_TOP_SCOPE);
    if (!found.ok) throw new Error(found.reason);
    expect(found.value.sources.map((s) => s.id)).toEqual([source.id]);
    expect(found.value.contacts.map((c) => [c.entry.id, c.gapMinutes])).toEqual([
      [before.id, -10],
      [after.id, 14],
    ]);
    expect(await findContacts(gate.db, { entryId: uuidv7(), minutes: 15, days: 14 }, NOW, DEFAULT_TOP_SCOPE)).toEqual({
      ok: false,
      reason: 'entry-not-found',
    });
  });

  it('for a person, lists each contact once at its nearest passage', async () => {
    const first = at('2026-11-24T01:00:00.000Z', person('p1'));
    const second = at('2026-11-24T01:20:00.000Z', person('p1'));
    const between = at('2026-11-24T01:12:00.000Z');
    await store([first, second, between]);
    const found = await findContacts(gate.db, { personId: 'p1', minutes: 15, days: 14 }, NOW, DEFAULT_TOP_SCOPE);
    if (!found.ok) throw new Error(found.reason);
    expect(found.value.contacts).toHaveLength(1);
    expect(found.value.contacts[0]).toMatchObject({ nearEntryId: second.id, gapMinutes: -8 });
  });
});

describe('contact look-up over many passages', () => {
  async function storeAtEastGate(records: EntryRecord[]) {
    await gate.db.updateTable('devices').set({ gate_id: eastGateId }).where('id', '=', gate.deviceId).execute();
    await store(
      records.map((r) => ({ ...r, gateId: eastGateId })),
      eastGateId,
    );
  }

  it('for a person, keeps each window to its own gate and leaves out the person and what lies outside every window', async () => {
    const north1 = at('2026-11-24T01:00:00.000Z', person('p1'));
    const north2 = at('2026-11-24T01:20:00.000Z', person('p1'));
    const nearBoth = at('2026-11-24T01:09:00.000Z', person('p2', 'tenant'));
    const tooLate = at('2026-11-24T01:36:00.000Z');
    const eastAtSameTime = at('2026-11-24T00:58:00.000Z');
    await store([north1, north2, nearBoth, tooLate]);
    const east = at('2026-11-24T02:00:00.000Z', person('p1'));
    const nearEast = at('2026-11-24T02:03:00.000Z');
    await storeAtEastGate([east, nearEast, eastAtSameTime]);
    const found = await findContacts(gate.db, { personId: 'p1', minutes: 15, days: 14 }, NOW, DEFAULT_TOP_SCOPE);
    if (!found.ok) throw new Error(found.reason);
    expect(found.value.sources.map((s) => s.id)).toEqual([east.id, north2.id, north1.id]);
    expect(found.value.contacts.map((c) => [c.entry.id, c.nearEntryId, c.gapMinutes])).toEqual([
      [nearBoth.id, north1.id, 9],
      [nearEast.id, east.id, 3],
    ]);
    expect(found.value.truncated).toBe(false);
  });

  it('for a passage without a roster person, leaves out only that passage', async () => {
    const source = at('2026-11-24T01:00:00.000Z');
    const otherVisitor = at('2026-11-24T01:01:00.000Z');
    await store([source, otherVisitor]);
    const found = await findContacts(gate.db, { entryId: source.id, minutes: 15, days: 14 }, NOW, DEFAULT_TOP_SCOPE);
    if (!found.ok) throw new Error(found.reason);
    expect(found.value.contacts.map((c) => c.entry.id)).toEqual([otherVisitor.id]);
  });

  it('keeps the earliest contacts beyond the limit and says it cut the list', async () => {
    const source = at('2026-11-24T01:00:00.000Z', person('p1'));
    const others = Array.from({ length: MAX_CONTACTS + 1 }, (_, i) =>
      at(new Date(Date.parse('2026-11-24T00:50:00.000Z') + i * 500).toISOString()),
    );
    await store([source, ...others]);
    const found = await findContacts(gate.db, { entryId: source.id, minutes: 15, days: 14 }, NOW, DEFAULT_TOP_SCOPE);
    if (!found.ok) throw new Error(found.reason);
    expect(found.value.truncated).toBe(true);
    expect(found.value.contacts.map((c) => c.entry.id)).toEqual(others.slice(0, MAX_CONTACTS).map((r) => r.id));
  });
  it('beyond the limit, still finds an earlier contact at another gate whose window is read after the first', async () => {
    const north = at('2026-11-24T01:00:00.000Z', person('p1'));
    const others = Array.from({ length: MAX_CONTACTS + 1 }, (_, i) =>
      at(new Date(Date.parse('2026-11-24T00:46:00.000Z') + i * 500).toISOString()),
    );
    await store([north, ...others]);
    const east = at('2026-11-24T01:05:00.000Z', person('p1'));
    const eastVisitor = at('2026-11-24T00:51:00.250Z');
    await storeAtEastGate([east, eastVisitor]);
    const found = await findContacts(gate.db, { personId: 'p1', minutes: 15, days: 14 }, NOW, DEFAULT_TOP_SCOPE);
    if (!found.ok) throw new Error(found.reason);
    expect(found.value.truncated).toBe(true);
    const expected = [...others, eastVisitor]
      .map((r) => r.id)
      .sort()
      .slice(0, MAX_CONTACTS);
    expect(found.value.contacts.map((c) => c.entry.id)).toEqual(expected);
    expect(found.value.contacts.find((c) => c.entry.id === eastVisitor.id)).toMatchObject({
      nearEntryId: east.id,
      gapMinutes: -14,
    });
  });
});

describe('figures', () => {
  it('sums the hourly counts per day and gate and per hour of the day, for all gates or one', async () => {
    const local = (iso: string, overrides: Partial<EntryRecord> = {}) =>
      at(new Date(Date.parse(iso) - 8 * 3600_000).toISOString(), overrides);
    await store([
      local('2026-11-23T08:05:00.000Z', { flags: ['fever'] }),
      local('2026-11-23T08:50:00.000Z', person('p1')),
      local('2026-11-23T09:10:00.000Z', { decision: 'denied' }),
      // Neither is a passage: a courier who left a parcel at the gate, a screening never finished.
      local('2026-11-23T08:40:00.000Z', {
        subject: { category: 'courier', personId: null, name: '顺丰', idHash: null, idMasked: null, scan: null },
        decision: 'drop-off',
        readings: [],
      }),
      local('2026-11-23T09:20:00.000Z', { ...person('p1'), decision: 'abandoned', reason: 'cancelled' }),
      local('2026-11-24T08:30:00.000Z'),
      local('2026-11-25T08:30:00.000Z'),
    ]);
    await gate.db.updateTable('devices').set({ gate_id: eastGateId }).where('id', '=', gate.deviceId).execute();
    await store([{ ...local('2026-11-23T08:20:00.000Z', person('p2', 'tenant')), gateId: eastGateId }], eastGateId);
    const counts = (entries: number, visitors: number, fevers = 0, denied = 0) => ({
      entries,
      visitors,
      vehicles: 0,
      fevers,
      denied,
    });
    const all = await summarizeFigures(gate.db, { from: '2026-11-23', to: '2026-11-24' }, DEFAULT_TOP_SCOPE);
    expect(all.days).toEqual([
      { gateId: eastGateId, gateName: '东门', day: '2026-11-23', ...counts(1, 0) },
      { gateId: gate.gateId, gateName: '北门', day: '2026-11-23', ...counts(3, 2, 1, 1) },
      { gateId: gate.gateId, gateName: '北门', day: '2026-11-24', ...counts(1, 1) },
    ]);
    expect(all.hours).toEqual([
      { hour: 8, ...counts(4, 2, 1) },
      { hour: 9, ...counts(1, 1, 0, 1) },
    ]);
    const north = await summarizeFigures(
      gate.db,
      { from: '2026-11-23', to: '2026-11-23', gateId: gate.gateId },
      DEFAULT_TOP_SCOPE,
    );
    expect(north.days).toEqual([{ gateId: gate.gateId, gateName: '北门', day: '2026-11-23', ...counts(3, 2, 1, 1) }]);
    expect(north.hours).toEqual([
      { hour: 8, ...counts(2, 1, 1) },
      { hour: 9, ...counts(1, 1, 0, 1) },
    ]);
  });
});

describe('occupancy sweep', () => {
  it('lists households nobody passed for and people passing who are not on the roster', async () => {
    await store([
      at('2026-11-24T01:00:00.000Z', person('p1')),
      at('2026-11-10T01:00:00.000Z', person('p2', 'tenant')),
      at('2026-11-24T02:00:00.000Z', {
        subject: { category: 'resident', personId: null, name: '张三', idHash: null, idMasked: '320**************5', scan: null },
      }),
      at('2026-11-24T03:00:00.000Z', {
        subject: { category: 'resident', personId: null, name: '张三', idHash: null, idMasked: '320**************5', scan: null },
      }),
      at('2026-11-24T04:00:00.000Z', {
        subject: { category: 'resident', personId: 'gone', name: null, idHash: null, idMasked: null, scan: null },
      }),
      at('2026-11-24T05:00:00.000Z'),
      // Screenings abandoned at the gate: nobody passed, so nobody is counted inside.
      at('2026-11-24T06:00:00.000Z', { ...person('p2', 'tenant'), decision: 'abandoned', reason: 'cancelled' }),
      at('2026-11-24T07:00:00.000Z', {
        subject: { category: 'resident', personId: null, name: '张三', idHash: null, idMasked: '320**************5', scan: null },
        decision: 'abandoned',
        reason: 'page-closed',
      }),
    ]);
    const sweep = await occupancySweep(gate.db, 7, NOW, DEFAULT_TOP_SCOPE);
    expect(sweep.quietHouseholds).toEqual([
      { householdId: 'h2', address: '3-2-502', persons: 1, lastSeenAt: '2026-11-10T09:00:00.000+08:00', lastGateId: gate.gateId },
      { householdId: 'h3', address: '4-1-101', persons: 1, lastSeenAt: null, lastGateId: null },
    ]);
    expect(sweep.offRoster).toEqual([
      {
        name: '张三',
        idMasked: '320**************5',
        category: 'resident',
        passages: 2,
        lastSeenAt: '2026-11-24T11:00:00.000+08:00',
        lastGateId: gate.gateId,
        lastGateName: '北门',
      },
      {
        name: null,
        idMasked: null,
        category: 'resident',
        passages: 1,
        lastSeenAt: '2026-11-24T12:00:00.000+08:00',
        lastGateId: gate.gateId,
        lastGateName: '北门',
      },
    ]);
  });
});
