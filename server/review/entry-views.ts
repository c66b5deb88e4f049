import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { abandonReasonOf, decidingReading, EntryFlag, Reading } from '../../protocol/entry.ts';
import type { EntryExportQuery, EntryFilterQuery } from '../../protocol/review-queries.ts';
import { readingViews, type EntryView } from '../../protocol/review.ts';
import type { Database } from '../db/schema.ts';
import { uuidv7Floor, uuidv7Time } from './entry-id-bounds.ts';
import { gateIdsIn, isTopScope, type Scope } from '../org/scope.ts';

const DAY_MS = 86_400_000;

const StoredFlags = z.array(EntryFlag);
const StoredRecord = z.object({ readings: z.array(Reading), reason: z.string().nullable() });

/** Entries joined with their gate and roster name, in the columns `toEntryView` reads. */
export function entryViewsSelect(db: Kysely<Database>) {
  return db
    .selectFrom('entries')
    .innerJoin('gates', 'gates.id', 'entries.gate_id')
    .leftJoin('persons', 'persons.id', 'entries.person_id')
    .select([
      'entries.id as id',
      'entries.occurred_at as occurredAt',
      'entries.received_at as receivedAt',
      'entries.gate_id as gateId',
      'gates.name as gateName',
      'entries.device_id as deviceId',
      'entries.direction as direction',
      'entries.category as category',
      'entries.person_id as personId',
      'persons.name as rosterName',
      'entries.subject_name as subjectName',
      'entries.id_masked as idMasked',
      'entries.record as record',
      'entries.decision as decision',
      'entries.flags as flags',
    ]);
}

export type EntryViewRow = Awaited<ReturnType<ReturnType<typeof entryViewsSelect>['execute']>>[number];

export function toEntryView(row: EntryViewRow): EntryView {
  // Written by ingest from a validated record, so a parse failure here is a bug worth a 500.
  const { readings, reason } = StoredRecord.parse(JSON.parse(row.record));
  const decided = decidingReading(readings);
  return {
    id: row.id,
    occurredAt: row.occurredAt,
    receivedAt: row.receivedAt,
    gateId: row.gateId,
    gateName: row.gateName,
    deviceId: row.deviceId,
    direction: row.direction,
    category: row.category,
    personId: row.personId,
    personName: row.rosterName ?? row.subjectName,
    idMasked: row.idMasked,
    reading: decided ? { valueC: decided.valueC, source: decided.source } : null,
    readings: readingViews(readings, decided),
    decision: row.decision,
    abandonReason: abandonReasonOf({ decision: row.decision, reason }),
    flags: StoredFlags.parse(JSON.parse(row.flags)),
  };
}

/**
 * The filtered log, newest first by entry id (UUIDv7, so creation order). Every filter is an
 * equality on an indexed column or an id range, and `before` continues from the last row shown:
 * keyset paging, so page 10,000 costs what page 1 does.
 */
export function filteredEntries(db: Kysely<Database>, filter: EntryExportQuery & { before?: string | undefined }, scope: Scope) {
  let select = entryViewsSelect(db);
  // The top of the tree holds every gate: no filter, so the single-compound install pays nothing.
  if (!isTopScope(scope)) select = select.where('entries.gate_id', 'in', gateIdsIn(db, scope));
  // With a flag, the walk runs down the (flag, entry_id) key of entry_flags, so order and bound
  // by that column: the database then reads one page, not every entry with that flag.
  let idColumn: 'entries.id' | 'entry_flags.entry_id' = 'entries.id';
  if (filter.flag) {
    const flag = filter.flag;
    select = select.innerJoin('entry_flags', (join) =>
      join.onRef('entry_flags.entry_id', '=', 'entries.id').on('entry_flags.flag', '=', flag),
    );
    idColumn = 'entry_flags.entry_id';
  }
  const id = sql.ref<string>(idColumn);
  select = select.orderBy(id, 'desc');
  if (filter.before) select = select.where(id, '<', filter.before);
  if (filter.from) select = select.where(id, '>=', uuidv7Floor(new Date(filter.from)));
  if (filter.to) select = select.where(id, '<', uuidv7Floor(new Date(filter.to)));
  if (filter.gateId) select = select.where('entries.gate_id', '=', filter.gateId);
  if (filter.personId) select = select.where('entries.person_id', '=', filter.personId);
  if (filter.direction) select = select.where('entries.direction', '=', filter.direction);
  if (filter.category) select = select.where('entries.category', '=', filter.category);
  return select;
}

/**
 * Up to this many gates in scope (a compound, a small community) the log walks each gate's index;
 * above it, the id order with a gate filter: a street's 40 gates hold a tenth of a district's
 * passages, so its newest page is within ~500 ids (4–5 ms at 20 M entries), where 40 walks, each
 * over every day partition, took 14–75 ms (bench district, 5 Dec 2026).
 */
export const MAX_GATE_WALKS = 8;

/**
 * A compound's (or a street's) page of the log: one walk of the (gate, id) index per gate, newest
 * first and cut at the page, merged by id, so the cost follows the page and not the day's
 * passages. Read as one filter over the scope's gates, PostgreSQL read, joined and sorted every
 * passage of the compound's day before keeping 50 (docs/performance.md).
 */
async function newestIdsByGate(
  db: Kysely<Database>,
  gateIds: readonly string[],
  query: EntryFilterQuery,
  floor: string | undefined,
): Promise<string[]> {
  const walk = (gateId: string, index: number) => {
    let select = db.selectFrom('entries').select('entries.id').where('entries.gate_id', '=', gateId);
    if (query.before) select = select.where('entries.id', '<', query.before);
    if (floor) select = select.where('entries.id', '>=', floor);
    if (query.to) select = select.where('entries.id', '<', uuidv7Floor(new Date(query.to)));
    if (query.direction) select = select.where('entries.direction', '=', query.direction);
    if (query.category) select = select.where('entries.category', '=', query.category);
    return db.selectFrom(select.orderBy('entries.id', 'desc').limit(query.limit).as(`g${index}`)).select('id');
  };
  const [first, ...rest] = gateIds.map(walk);
  if (!first) return [];
  const rows = await rest
    .reduce((all, next) => all.unionAll(next), first)
    .orderBy('id', 'desc')
    .limit(query.limit)
    .execute();
  return rows.map((row) => row.id);
}

/** How far back an open-ended page looks first, in days, before it reads every day kept. */
const RECENT_DAYS = [1, 7] as const;

/**
 * The page's ids. With no `from`, the walks are tried over the last day, then the last week
 * before the page's end (`before`, `to` or now), and only then over everything: on PostgreSQL an
 * open-ended walk descends every day partition's index (33 of them, cold ones from disk: 104 page
 * reads for a compound's newest 50 at 20 M), where the newest day holds a busy gate's page. A
 * window that yields a full page gives the same page as no window, since every id in it is newer
 * than any below it.
 */
async function pageIdsByGate(db: Kysely<Database>, gateIds: readonly string[], query: EntryFilterQuery): Promise<string[]> {
  if (query.from) return newestIdsByGate(db, gateIds, query, uuidv7Floor(new Date(query.from)));
  const end = query.before ? uuidv7Time(query.before) : query.to ? Date.parse(query.to) : Date.now();
  for (const days of RECENT_DAYS) {
    const ids = await newestIdsByGate(db, gateIds, query, uuidv7Floor(new Date(Math.max(0, end - days * DAY_MS))));
    if (ids.length >= query.limit) return ids;
  }
  return newestIdsByGate(db, gateIds, query, undefined);
}

export async function listEntryViews(db: Kysely<Database>, query: EntryFilterQuery, scope: Scope): Promise<EntryView[]> {
  // A person's or a flag's log has its own index; the top of the tree needs no gate filter.
  if (!isTopScope(scope) && !query.personId && !query.flag) {
    const inScope = (await gateIdsIn(db, scope).execute()).map((row) => row.id);
    const gateIds = query.gateId ? inScope.filter((id) => id === query.gateId) : inScope;
    if (gateIds.length <= MAX_GATE_WALKS) {
      const ids = await pageIdsByGate(db, gateIds, query);
      if (ids.length === 0) return [];
      const rows = await entryViewsSelect(db).where('entries.id', 'in', ids).orderBy('entries.id', 'desc').execute();
      return rows.map(toEntryView);
    }
  }
  const rows = await filteredEntries(db, query, scope).limit(query.limit).execute();
  return rows.map(toEntryView);
}
