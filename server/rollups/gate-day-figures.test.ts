import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { EntryRecord } from '../../protocol/entry.ts';
import { communityDate } from '../../protocol/community-date.ts';
import type { Database } from '../db/schema.ts';
import { gateDayFigures } from '../db/migrations/0099-gate-day-figures.ts';
import { enrollDevice } from '../accounts/devices.ts';
import { ingestEntries } from '../gates/ingest.ts';
import { DEFAULT_TOP_SCOPE } from '../org/scope.ts';
import { openTestGate, type TestGate } from '../../test/support/server-database.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { rollup } from './rollups.ts';

/*
 * The roll-ups read a row a gate a day (gate_day_figures), kept at ingest. Whatever arrives —
 * duplicates re-sent, ids repeated in a batch, abandoned screenings, passages near midnight in two
 * time zones — the day rows must say what counting the stored entries themselves says.
 */
const NOW = new Date('2026-11-26T06:00:00.000Z');
const DAYS = ['2026-11-23', '2026-11-24', '2026-11-25'] as const;
let gate: TestGate;
let db: Kysely<Database>;

interface Counted {
  passages: number;
  passagesIn: number;
  visitors: number;
  vehicles: number;
  fevers: number;
  denied: number;
}

/** A second compound in Ürümqi's zone (UTC+6), two hours behind Beijing's day, with a gate of its own. */
async function placeWestCompound() {
  const at = NOW.toISOString();
  await db
    .insertInto('communities')
    .values({
      id: 'compound-w',
      name: '西小区',
      roster_version: 1,
      created_at: at,
      org_parent_id: 'org-community',
      time_zone: 'Asia/Urumqi',
    })
    .execute();
  await db.insertInto('gates').values({ id: 'gate-w', community_id: 'compound-w', name: '西门', note: null }).execute();
  await enrollDevice(db, { deviceId: 'device-w', gateId: 'gate-w', now: at });
  return { id: 'device-w', gateId: 'gate-w', communityId: 'compound-w' };
}

/** A fixed mix of passages for one gate: every kind the figures tell apart, some near midnight UTC and local. */
function passagesAt(device: { id: string; gateId: string }, seed: number): EntryRecord[] {
  const records: EntryRecord[] = [];
  for (let i = 0; i < 60; i += 1) {
    const day = DAYS[i % DAYS.length]!;
    // Hours spread over the whole day in UTC, so some fall on the next or previous local day.
    const hour = String((i * 7 + seed) % 24).padStart(2, '0');
    const occurredAt = `${day}T${hour}:${String((i * 13) % 60).padStart(2, '0')}:00.000Z`;
    const fever = i % 11 === 0;
    records.push(
      makeEntryRecord(
        { deviceId: device.id, gateId: device.gateId },
        {
          occurredAt,
          direction: i % 3 === 0 ? 'out' : 'in',
          decision: i % 13 === 0 ? 'abandoned' : i % 7 === 0 ? 'denied' : fever ? 'referred' : 'admitted',
          flags: fever ? ['fever'] : [],
          subject: {
            category: i % 4 === 0 ? 'visitor' : 'resident',
            personId: null,
            name: `某${i}`,
            idHash: null,
            idMasked: null,
            scan: null,
          },
          vehicle:
            i % 5 === 0
              ? { passageId: uuidv7(), plate: `鄂A${String(10000 + i)}`, role: i % 10 === 0 ? 'driver' : 'passenger' }
              : null,
        },
      ),
    );
  }
  return records;
}

/** The figures counted from the stored entries themselves, per compound and local day. */
async function countedFromEntries(): Promise<Map<string, Counted>> {
  const rows = await db
    .selectFrom('entries')
    .innerJoin('gates', 'gates.id', 'entries.gate_id')
    .innerJoin('communities', 'communities.id', 'gates.community_id')
    .select(['entries.record as record', 'communities.id as compoundId', 'communities.time_zone as zone'])
    .execute();
  const counted = new Map<string, Counted>();
  for (const row of rows) {
    const record = JSON.parse(row.record) as EntryRecord;
    const key = `${row.compoundId}|${communityDate(new Date(record.occurredAt), row.zone)}`;
    const c = counted.get(key) ?? { passages: 0, passagesIn: 0, visitors: 0, vehicles: 0, fevers: 0, denied: 0 };
    counted.set(key, c);
    if (record.flags.includes('fever')) c.fevers += 1;
    if (record.decision === 'abandoned') continue;
    c.passages += 1;
    if (record.direction === 'in') c.passagesIn += 1;
    if (record.subject.category === 'visitor') c.visitors += 1;
    if (record.vehicle?.role === 'driver') c.vehicles += 1;
    if (record.decision === 'denied') c.denied += 1;
  }
  return counted;
}

/** The same figures as the district's roll-up gives them, one day at a time, per compound. */
async function countedByRollup(days: readonly string[]): Promise<Map<string, Counted>> {
  const counted = new Map<string, Counted>();
  for (const day of days) {
    for (const compoundId of [gate.communityId, 'compound-w']) {
      const f = (await rollup(db, { kind: 'compound', compoundId }, { from: day, to: day }, NOW)).total.day;
      if (f.passages + f.fevers === 0) continue;
      counted.set(`${compoundId}|${day}`, {
        passages: f.passages,
        passagesIn: f.passagesIn ?? -1,
        visitors: f.visitors,
        vehicles: f.vehicles,
        fevers: f.fevers,
        denied: f.denied,
      });
    }
  }
  return counted;
}

const dayRows = () => db.selectFrom('gate_day_figures').selectAll().orderBy('gate_id').orderBy('day').execute();

beforeEach(async () => {
  gate = await openTestGate();
  db = gate.db;
});
afterEach(async () => {
  await db.destroy();
});

describe('a gate’s day figures', () => {
  it('equal the counts of the stored entries, through duplicates, repeated ids, abandoned screenings and two time zones', async () => {
    const west = await placeWestCompound();
    const north = { id: gate.deviceId, gateId: gate.gateId, communityId: gate.communityId };
    const northRecords = passagesAt(north, 0);
    const westRecords = passagesAt(west, 5);
    const at = NOW.toISOString();
    // In batches, the second of each re-sending part of the first (a gate that lost the answer),
    // and one batch naming the same id twice.
    await ingestEntries(db, north, northRecords.slice(0, 40), at);
    await ingestEntries(db, north, [...northRecords.slice(30, 60), northRecords[59]!], at);
    await ingestEntries(db, west, westRecords.slice(0, 30), at);
    await ingestEntries(db, west, westRecords, at);
    await ingestEntries(db, west, westRecords.slice(10, 20), at);

    const fromEntries = await countedFromEntries();
    expect([...fromEntries.values()].reduce((sum, c) => sum + c.passages, 0)).toBeGreaterThan(100);
    const localDays = [...new Set([...fromEntries.keys()].map((key) => key.split('|')[1]!))].sort();
    expect(localDays.length).toBeGreaterThan(DAYS.length); // some passages fell on a neighbouring local day
    expect(await countedByRollup(localDays)).toEqual(fromEntries);

    // A period's roll-up is the sum of its days.
    const period = await rollup(db, DEFAULT_TOP_SCOPE, { from: localDays[0]!, to: localDays.at(-1)! }, NOW);
    const all = [...fromEntries.values()];
    expect(period.total.period).toMatchObject({
      passages: all.reduce((sum, c) => sum + c.passages, 0),
      passagesIn: all.reduce((sum, c) => sum + c.passagesIn, 0),
      fevers: all.reduce((sum, c) => sum + c.fevers, 0),
      denied: all.reduce((sum, c) => sum + c.denied, 0),
    });

    // The day rows are the hourly rows summed, and the migration's fill from the hourly rows gives them again.
    const hourly = await db
      .selectFrom('daily_figures')
      .select([
        'gate_id',
        'day',
        sql<number>`cast(sum(entries) as integer)`.as('entries'),
        sql<number>`cast(sum(entries_in) as integer)`.as('entries_in'),
        sql<number>`cast(sum(visitors) as integer)`.as('visitors'),
        sql<number>`cast(sum(vehicles) as integer)`.as('vehicles'),
        sql<number>`cast(sum(fevers) as integer)`.as('fevers'),
        sql<number>`cast(sum(denied) as integer)`.as('denied'),
      ])
      .groupBy(['gate_id', 'day'])
      .orderBy('gate_id')
      .orderBy('day')
      .execute();
    const kept = await dayRows();
    expect(kept).toEqual(hourly);
    await db.schema.dropTable('gate_day_figures').execute();
    await gateDayFigures.up(db);
    expect(await dayRows()).toEqual(kept);
  });

  it('keep a day unsplit when any of its hours was counted before the in/out split, through later passages', async () => {
    await db
      .insertInto('daily_figures')
      .values({
        gate_id: gate.gateId,
        day: '2026-11-25',
        hour: 8,
        entries: 7,
        entries_in: null,
        visitors: 0,
        vehicles: 0,
        fevers: 0,
        denied: 0,
      })
      .execute();
    await db.schema.dropTable('gate_day_figures').execute();
    await gateDayFigures.up(db);
    const device = { id: gate.deviceId, gateId: gate.gateId, communityId: gate.communityId };
    await ingestEntries(
      db,
      device,
      [makeEntryRecord({ deviceId: device.id, gateId: device.gateId }, { occurredAt: '2026-11-25T15:00:00.000+08:00' })],
      NOW.toISOString(),
    );
    const result = await rollup(db, DEFAULT_TOP_SCOPE, { from: '2026-11-25', to: '2026-11-25' }, NOW);
    expect(result.total.day).toMatchObject({ passages: 8, passagesIn: null, passagesOut: null });
  });
});
