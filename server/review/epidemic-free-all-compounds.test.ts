import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompoundCheck, EpidemicFreeBlocker } from '../../protocol/review-queries.ts';
import type { WatchKind } from '../../protocol/roster.ts';
import { addDays, communityDate } from '../../protocol/community-date.ts';
import { enrollDevice } from '../accounts/devices.ts';
import type { Database } from '../db/schema.ts';
import { ingestEntries } from '../gates/ingest.ts';
import { compoundIdsIn, DEFAULT_TOP_SCOPE, type Scope } from '../org/scope.ts';
import { openTestDatabase } from '../../test/support/server-database.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { householdAddress } from './person-summaries.ts';
import { CLEAR_AFTER_DAYS, checkCompounds } from './epidemic-free.ts';

/** 01:30 on 26 Nov in Shanghai, 23:30 on 25 Nov in Urumqi, 17:30 on 25 Nov in London: three calendars. */
const NOW = new Date('2026-11-25T17:30:00.000Z');
const ZONES = ['Asia/Shanghai', 'Asia/Urumqi', 'Europe/London'];
const STREET: Scope = { kind: 'node', nodeId: 'street-b', path: '/org-district/street-b/', top: false };

let db: Kysely<Database>;

/**
 * The answer asked compound by compound, one query per question, as the check was first written:
 * what the grouped queries must reproduce for every compound at once.
 */
async function oneByOne(scope: Scope): Promise<CompoundCheck[]> {
  const communities = await db
    .selectFrom('communities')
    .select(['id', 'name', 'time_zone'])
    .where('id', 'in', compoundIdsIn(db, scope))
    .orderBy('name')
    .orderBy('id')
    .execute();
  const checks: CompoundCheck[] = [];
  for (const community of communities) {
    const today = communityDate(NOW, community.time_zone);
    const blockers: EpidemicFreeBlocker[] = [];
    const last = await db
      .selectFrom('confirmed_cases')
      .select((eb) => eb.fn.max('confirmed_on').as('last'))
      .where('community_id', '=', community.id)
      .executeTakeFirst();
    const cases = await db
      .selectFrom('confirmed_cases')
      .leftJoin('persons', 'persons.id', 'confirmed_cases.person_id')
      .leftJoin('households', 'households.id', 'confirmed_cases.household_id')
      .select(['confirmed_cases.id', 'confirmed_cases.confirmed_on', 'confirmed_cases.note', 'persons.name'])
      .select(['households.building', 'households.unit', 'households.room'])
      .where('confirmed_cases.community_id', '=', community.id)
      .where('confirmed_cases.confirmed_on', '>=', addDays(today, -(CLEAR_AFTER_DAYS - 1)))
      .orderBy('confirmed_cases.confirmed_on')
      .orderBy('confirmed_cases.id')
      .execute();
    const subject = (row: { name: string | null; building: string | null; unit: string | null; room: string | null }) =>
      row.name ?? (row.building !== null ? householdAddress({ building: row.building, unit: row.unit!, room: row.room! }) : null);
    for (const row of cases)
      blockers.push({
        kind: 'confirmed-case',
        id: row.id,
        subject: subject(row) ?? row.note ?? '—',
        confirmedOn: row.confirmed_on,
        clearOn: addDays(row.confirmed_on, CLEAR_AFTER_DAYS),
      });
    const watched = await db
      .selectFrom('watch_entries')
      .leftJoin('persons', 'persons.id', 'watch_entries.person_id')
      .leftJoin('households', (join) =>
        join.on((eb) =>
          eb.or([
            eb('households.id', '=', eb.ref('watch_entries.household_id')),
            eb('households.id', '=', eb.ref('persons.household_id')),
          ]),
        ),
      )
      .select(['watch_entries.id', 'watch_entries.kind', 'watch_entries.start_date', 'watch_entries.end_date', 'persons.name'])
      .select(['households.building', 'households.unit', 'households.room'])
      .where('watch_entries.community_id', '=', community.id)
      .where('watch_entries.released_at', 'is', null)
      .where('watch_entries.kind', 'in', ['suspected-case', 'fever-follow-up', 'close-contact', 'close-contact-household'])
      .orderBy('watch_entries.start_date')
      .orderBy('watch_entries.id')
      .execute();
    for (const row of watched)
      blockers.push({
        kind: 'watch',
        id: row.id,
        watchKind: row.kind as Extract<EpidemicFreeBlocker, { kind: 'watch' }>['watchKind'],
        subject: subject(row) ?? '—',
        startDate: row.start_date,
        endDate: row.end_date,
        awaitingRelease: row.end_date !== null && row.end_date < today,
      });
    const fevers = await db
      .selectFrom('fever_events')
      .innerJoin('gates', 'gates.id', 'fever_events.gate_id')
      .leftJoin('persons', 'persons.id', 'fever_events.person_id')
      .select([
        'fever_events.id',
        'fever_events.occurred_at',
        'fever_events.subject_name',
        'fever_events.id_masked',
        'persons.name',
      ])
      .where('gates.community_id', '=', community.id)
      .where('fever_events.status', '=', 'open')
      .orderBy('fever_events.id')
      .execute();
    for (const row of fevers)
      blockers.push({
        kind: 'fever-event',
        id: row.id,
        subject: row.name ?? row.subject_name ?? row.id_masked ?? '—',
        occurredAt: row.occurred_at,
      });
    checks.push({
      communityId: community.id,
      communityName: community.name,
      today,
      epidemicFree: blockers.length === 0,
      lastConfirmedOn: last?.last ?? null,
      blockers,
    });
  }
  return checks;
}

/**
 * Ten compounds on three calendars in two streets, each with its own mix of what blocks: cases
 * either side of the 14-day edge, watch entries of every kind released or not, open and closed
 * fevers, people and whole households.
 */
async function district(): Promise<void> {
  const at = NOW.toISOString();
  await db
    .insertInto('org_nodes')
    .values([
      {
        id: 'street-a',
        parent_id: 'org-district',
        level: 'street',
        name: '甲街道',
        path: '/org-district/street-a/',
        created_at: at,
      },
      {
        id: 'street-b',
        parent_id: 'org-district',
        level: 'street',
        name: '乙街道',
        path: '/org-district/street-b/',
        created_at: at,
      },
    ])
    .execute();
  for (let k = 0; k < 10; k++) {
    const id = uuidv7();
    const gateId = uuidv7();
    await db
      .insertInto('communities')
      .values({
        id,
        name: `小区${k % 4}`,
        roster_version: 1,
        created_at: at,
        time_zone: ZONES[k % 3]!,
        org_parent_id: k < 5 ? 'street-a' : 'street-b',
      })
      .execute();
    await db.insertInto('gates').values({ id: gateId, community_id: id, name: '北门', note: null }).execute();
    const device = await enrollDevice(db, { deviceId: `gate-${k}`, gateId, now: at });
    await db
      .insertInto('households')
      .values([
        { id: `h${k}a`, community_id: id, building: `${k}`, unit: '1', room: '101' },
        { id: `h${k}b`, community_id: id, building: `${k}`, unit: '2', room: '202' },
      ])
      .execute();
    await db
      .insertInto('persons')
      .values([
        {
          id: `p${k}a`,
          community_id: id,
          household_id: `h${k}a`,
          name: `居民${k}甲`,
          category: 'resident',
          phone: null,
          id_hash: null,
          id_masked: null,
        },
        {
          id: `p${k}b`,
          community_id: id,
          household_id: `h${k}b`,
          name: `居民${k}乙`,
          category: 'tenant',
          phone: null,
          id_hash: null,
          id_masked: null,
        },
      ])
      .execute();
    // 12 and 13 Nov sit on the 14-day edge, on one side in Shanghai and on the other in Urumqi and London.
    const caseDays = [[], ['2026-11-12', '2026-11-01'], ['2026-11-13', '2026-11-13'], ['2026-10-20']][k % 4]!;
    for (const [i, confirmedOn] of caseDays.entries())
      await db
        .insertInto('confirmed_cases')
        .values({
          id: uuidv7(),
          community_id: id,
          person_id: i === 0 ? `p${k}a` : null,
          household_id: i === 0 ? null : `h${k}b`,
          confirmed_on: confirmedOn,
          note: '区疾控通报',
          created_at: at,
          created_by: null,
        })
        .execute();
    const watches: [WatchKind, { end?: string; released?: boolean; household?: boolean }][] = [
      ['home-observation', {}],
      ['close-contact', k % 3 === 0 ? { end: '2026-11-25' } : { released: true }],
      ['suspected-case', k % 4 === 1 ? {} : { released: true }],
      ['close-contact-household', k % 5 === 2 ? { household: true, end: '2026-11-27' } : { released: true }],
      ['fever-follow-up', k === 7 ? { end: '2026-11-20' } : { released: true }],
      ['returnee', { end: '2026-11-30' }],
    ];
    for (const [i, [kind, w]] of watches.entries())
      await db
        .insertInto('watch_entries')
        .values({
          id: `w${k}-${i}`,
          community_id: id,
          kind,
          person_id: w.household ? null : `p${k}a`,
          household_id: w.household ? `h${k}b` : null,
          start_date: i % 2 === 0 ? '2026-11-11' : '2026-11-12',
          end_date: w.end ?? null,
          origin: null,
          arrival_date: null,
          note: null,
          created_at: at,
          released_at: w.released ? at : null,
        })
        .execute();
    if (k % 2 === 0) {
      const fever = (personId: string | null) =>
        makeEntryRecord(
          { deviceId: device.deviceId, gateId },
          {
            flags: ['fever'],
            subject:
              personId === null
                ? {
                    category: 'visitor',
                    personId: null,
                    name: '访客甲',
                    idHash: null,
                    idMasked: '110**************X',
                    scan: null,
                  }
                : { category: 'resident', personId, name: null, idHash: null, idMasked: null, scan: null },
            readings: [{ valueC: 38.1, source: 'infrared', at: '2026-11-25T08:30:00.000+08:00', ambientC: 3 }],
          },
        );
      await ingestEntries(db, { id: device.deviceId, gateId, communityId: id }, [fever(null), fever(`p${k}b`)], at);
      if (k % 4 === 0)
        await db.updateTable('fever_events').set({ status: 'closed', closed_at: at }).where('gate_id', '=', gateId).execute();
    }
  }
}

beforeEach(async () => {
  db = await openTestDatabase();
  await district();
});
afterEach(async () => {
  await db.destroy();
});

describe('the epidemic-free check of every compound at once', () => {
  it('answers for all compounds what each compound asked alone answers', async () => {
    const expected = await oneByOne(DEFAULT_TOP_SCOPE);
    // The situation has to exercise every kind of blocker, and compounds both free and not.
    expect(expected).toHaveLength(10);
    expect(expected.filter((c) => c.epidemicFree).length).toBeGreaterThan(0);
    expect(new Set(expected.flatMap((c) => c.blockers.map((b) => b.kind)))).toEqual(
      new Set(['confirmed-case', 'watch', 'fever-event']),
    );
    expect(new Set(expected.map((c) => c.today))).toEqual(new Set(['2026-11-25', '2026-11-26']));
    expect(await checkCompounds(db, NOW, DEFAULT_TOP_SCOPE)).toEqual(expected);
  });

  it('counts the 14 days on each compound’s own calendar', async () => {
    const checks = await checkCompounds(db, NOW, DEFAULT_TOP_SCOPE);
    const zoneOf = new Map(
      (await db.selectFrom('communities').select(['id', 'time_zone']).execute()).map((c) => [c.id, c.time_zone]),
    );
    // Compounds 1, 5 and 9 each hold a case of 12 Nov: inside the 14 days where it is still 25 Nov, outside in Shanghai.
    const edge = checks.filter((c) => c.lastConfirmedOn === '2026-11-12');
    expect(edge.map((c) => zoneOf.get(c.communityId)).sort()).toEqual(['Asia/Shanghai', 'Asia/Urumqi', 'Europe/London']);
    for (const compound of edge)
      expect(compound.blockers.filter((b) => b.kind === 'confirmed-case')).toEqual(
        zoneOf.get(compound.communityId) === 'Asia/Shanghai'
          ? []
          : [expect.objectContaining({ confirmedOn: '2026-11-12', clearOn: '2026-11-26' })],
      );
  });

  it('answers for a street only that street’s compounds, as they answer alone', async () => {
    const expected = await oneByOne(STREET);
    expect(expected).toHaveLength(5);
    expect(await checkCompounds(db, NOW, STREET)).toEqual(expected);
  });
});
