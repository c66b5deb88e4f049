import { sql, type Kysely } from 'kysely';
import { isPassage, type EntryRecord } from '../../protocol/entry.ts';
import type { FigureRow, FiguresQuery, FiguresResponse } from '../../protocol/review-queries.ts';
import { zonedTime } from '../../protocol/zoned-time.ts';
import { DEFAULT_TIME_ZONE, gateTimeZones } from './community-time-zone.ts';
import type { DailyFiguresTable, Database, GateDayFiguresTable } from '../db/schema.ts';
import { compoundIdsIn, gateIdsIn, isTopScope, type Scope } from '../org/scope.ts';

/**
 * The community's date and hour of a passage, in its own time zone whatever the zone the gate PC
 * or this server runs in (a kiosk writes UTC instants): `2026-11-24T21:50:00Z` in Asia/Shanghai
 * is 2026-11-25, hour 5.
 */
export function localDayHour(occurredAt: string, timeZone: string): { day: string; hour: number } {
  const local = zonedTime(occurredAt, timeZone);
  return { day: local.date, hour: local.hour };
}

/**
 * Counts of one batch of newly stored records, one row per gate, day and hour of the gate's community.
 * An abandoned screening is no passage (the person never went through, or went through on another
 * entry), nor is a courier's drop-off (the goods stayed at the gate, the courier outside), so neither
 * adds to a passage count; an abandoned one that read high still counts as a fever seen at the gate,
 * as the fever list shows it.
 */
export function tallyFigures(records: readonly EntryRecord[], zoneOfGate: (gateId: string) => string): DailyFiguresTable[] {
  const rows = new Map<string, DailyFiguresTable>();
  for (const record of records) {
    const { day, hour } = localDayHour(record.occurredAt, zoneOfGate(record.gateId));
    const key = `${record.gateId}|${day}|${hour}`;
    let row = rows.get(key);
    if (!row) {
      row = { gate_id: record.gateId, day, hour, entries: 0, entries_in: 0, visitors: 0, vehicles: 0, fevers: 0, denied: 0 };
      rows.set(key, row);
    }
    if (record.flags.includes('fever')) row.fevers += 1;
    if (!isPassage(record)) continue;
    row.entries += 1;
    if (record.direction === 'in') row.entries_in = (row.entries_in ?? 0) + 1;
    if (record.subject.category === 'visitor') row.visitors += 1;
    if (record.vehicle?.role === 'driver') row.vehicles += 1;
    if (record.decision === 'denied') row.denied += 1;
  }
  return [...rows.values()];
}

const COUNTS = ['entries', 'visitors', 'vehicles', 'fevers', 'denied'] as const;

/** The hourly rows of a batch summed per gate and day: what the batch adds to `gate_day_figures`. */
export function sumGateDays(hours: readonly DailyFiguresTable[]): GateDayFiguresTable[] {
  const days = new Map<string, GateDayFiguresTable>();
  for (const { hour: _hour, ...row } of hours) {
    const key = `${row.gate_id}|${row.day}`;
    const day = days.get(key);
    if (!day) {
      days.set(key, { ...row });
      continue;
    }
    for (const column of COUNTS) day[column] += row[column];
    day.entries_in = day.entries_in === null || row.entries_in === null ? null : day.entries_in + row.entries_in;
  }
  return [...days.values()];
}

/** An upsert that adds the new row's counts to the stored ones; null `entries_in` stays null (no known split). */
const addedCounts = (table: 'daily_figures' | 'gate_day_figures') => ({
  entries: sql<number>`${sql.ref(`${table}.entries`)} + excluded.entries`,
  entries_in: sql<number | null>`${sql.ref(`${table}.entries_in`)} + excluded.entries_in`,
  visitors: sql<number>`${sql.ref(`${table}.visitors`)} + excluded.visitors`,
  vehicles: sql<number>`${sql.ref(`${table}.vehicles`)} + excluded.vehicles`,
  fevers: sql<number>`${sql.ref(`${table}.fevers`)} + excluded.fevers`,
  denied: sql<number>`${sql.ref(`${table}.denied`)} + excluded.denied`,
});

/**
 * Adds the batch's counts inside the ingest transaction, to the hourly rows and to each gate's
 * day row, so a figure counts exactly the records stored (a duplicate never reaches here) and
 * stays after the purge removes the entries. Entries are never changed once stored, so these
 * are only ever added to.
 */
export async function addFigures(db: Kysely<Database>, records: readonly EntryRecord[]): Promise<void> {
  const zones = await gateTimeZones(
    db,
    records.map((record) => record.gateId),
  );
  const hours = tallyFigures(records, (gateId) => zones.get(gateId) ?? DEFAULT_TIME_ZONE);
  for (const row of hours)
    await db
      .insertInto('daily_figures')
      .values(row)
      .onConflict((oc) => oc.columns(['day', 'gate_id', 'hour']).doUpdateSet(addedCounts('daily_figures')))
      .execute();
  for (const row of sumGateDays(hours))
    await db
      .insertInto('gate_day_figures')
      .values(row)
      .onConflict((oc) => oc.columns(['gate_id', 'day']).doUpdateSet(addedCounts('gate_day_figures')))
      .execute();
}

/**
 * Fills `gate_day_figures` anew from the hourly figures, for data loaded straight into
 * `daily_figures` (the bench's generated districts) rather than through ingest.
 */
export async function refillGateDayFigures(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('gate_day_figures').execute();
  await sql`
    insert into gate_day_figures (gate_id, day, entries, entries_in, visitors, vehicles, fevers, denied)
    select gate_id, day, sum(entries),
           case when count(entries_in) = count(*) then sum(entries_in) end,
           sum(visitors), sum(vehicles), sum(fevers), sum(denied)
    from daily_figures group by gate_id, day`.execute(db);
}

/** The stored hourly rows, one per gate, day and hour: what the CSV export lists. */
export async function listFigures(db: Kysely<Database>, query: FiguresQuery, scope: Scope): Promise<FigureRow[]> {
  let select = db
    .selectFrom('daily_figures')
    .innerJoin('gates', 'gates.id', 'daily_figures.gate_id')
    .select([
      'daily_figures.gate_id as gateId',
      'gates.name as gateName',
      'daily_figures.day as day',
      'daily_figures.hour as hour',
      'daily_figures.entries as entries',
      'daily_figures.visitors as visitors',
      'daily_figures.vehicles as vehicles',
      'daily_figures.fevers as fevers',
      'daily_figures.denied as denied',
    ])
    .where('daily_figures.day', '>=', query.from)
    .where('daily_figures.day', '<=', query.to)
    .orderBy('daily_figures.day')
    .orderBy('gates.name')
    .orderBy('daily_figures.hour');
  if (query.gateId) select = select.where('daily_figures.gate_id', '=', query.gateId);
  if (!isTopScope(scope)) select = select.where('gates.community_id', 'in', compoundIdsIn(db, scope));
  return select.execute();
}

/** PostgreSQL sums integers to bigint, which its driver hands over as a string; the cast keeps a number. */
const summed = (column: (typeof COUNTS)[number]) =>
  sql<number>`cast(sum(${sql.ref(`daily_figures.${column}`)}) as integer)`.as(column);

/** Counts per day and gate and per hour of the day, summed in the database over the range. */
export async function summarizeFigures(db: Kysely<Database>, query: FiguresQuery, scope: Scope): Promise<FiguresResponse> {
  let inRange = db
    .selectFrom('daily_figures')
    .where('daily_figures.day', '>=', query.from)
    .where('daily_figures.day', '<=', query.to);
  if (query.gateId) inRange = inRange.where('daily_figures.gate_id', '=', query.gateId);
  if (!isTopScope(scope)) inRange = inRange.where('daily_figures.gate_id', 'in', gateIdsIn(db, scope));
  const days = await inRange
    .innerJoin('gates', 'gates.id', 'daily_figures.gate_id')
    .select(['daily_figures.gate_id as gateId', 'gates.name as gateName', 'daily_figures.day as day', ...COUNTS.map(summed)])
    .groupBy(['daily_figures.day', 'daily_figures.gate_id', 'gates.name'])
    .orderBy('daily_figures.day')
    .orderBy('gates.name')
    .execute();
  const hours = await inRange
    .select(['daily_figures.hour as hour', ...COUNTS.map(summed)])
    .groupBy('daily_figures.hour')
    .orderBy('daily_figures.hour')
    .execute();
  return { days, hours };
}
