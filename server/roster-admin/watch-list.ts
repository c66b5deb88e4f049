import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { WatchEntryView } from '../../protocol/roster-admin.ts';
import type { WatchKind } from '../../protocol/roster.ts';
import { addDays, dayOfPeriod } from '../../protocol/community-date.ts';
import type { Database } from '../db/schema.ts';
import { refuse, type AdminResult } from './admin-result.ts';
import { householdAddress } from './households.ts';
import { screeningRulesFor } from '../gates/roster-snapshot.ts';
import { bumpRosterVersion } from './roster-version.ts';

export interface WatchFields {
  kind: WatchKind;
  personId: string | null;
  householdId: string | null;
  startDate: string;
  endDate?: string | null | undefined;
  origin: string | null;
  arrivalDate: string | null;
  note: string | null;
}

/**
 * Periods that end by themselves (observation, contacts, returnees) default to the community's
 * observation days; a suspected case or fever under follow-up stays open until released.
 */
const TIMED_KINDS: readonly WatchKind[] = ['home-observation', 'close-contact', 'close-contact-household', 'returnee'];

export async function listWatchEntries(
  db: Kysely<Database>,
  communityId: string,
  today: string,
  options: { includeEnded: boolean },
): Promise<WatchEntryView[]> {
  let query = db
    .selectFrom('watch_entries as w')
    .leftJoin('persons as p', 'p.id', 'w.person_id')
    .leftJoin('households as h', (join) => join.on((eb) => eb('h.id', '=', eb.fn.coalesce('w.household_id', 'p.household_id'))))
    .select([
      'w.id',
      'w.kind',
      'w.person_id',
      'w.household_id',
      'w.start_date',
      'w.end_date',
      'w.origin',
      'w.arrival_date',
      'w.note',
      'w.released_at',
      'p.name as personName',
      'h.building',
      'h.unit',
      'h.room',
    ])
    .where('w.community_id', '=', communityId);
  if (!options.includeEnded)
    query = query
      .where('w.released_at', 'is', null)
      .where((eb) => eb.or([eb('w.end_date', 'is', null), eb('w.end_date', '>=', today)]));
  const rows = await query.orderBy('w.start_date', 'desc').orderBy('w.id').execute();
  return rows.map((r) => {
    const address =
      r.building !== null && r.unit !== null && r.room !== null
        ? householdAddress({ building: r.building, unit: r.unit, room: r.room })
        : null;
    const active = r.released_at === null && (r.end_date === null || r.end_date >= today);
    return {
      id: r.id,
      kind: r.kind,
      personId: r.person_id,
      householdId: r.household_id,
      subject: r.personName ?? address ?? '?',
      address,
      startDate: r.start_date,
      endDate: r.end_date,
      day: active ? dayOfPeriod(r.start_date, today) : null,
      origin: r.origin,
      arrivalDate: r.arrival_date,
      note: r.note,
      releasedAt: r.released_at,
      active,
    };
  });
}

async function subjectExists(db: Kysely<Database>, communityId: string, fields: WatchFields): Promise<AdminResult<true>> {
  if (fields.personId) {
    const person = await db
      .selectFrom('persons')
      .select('id')
      .where('id', '=', fields.personId)
      .where('community_id', '=', communityId)
      .executeTakeFirst();
    if (!person) return refuse(400, 'unknown-person', `no person ${fields.personId}`);
  }
  if (fields.householdId) {
    const household = await db
      .selectFrom('households')
      .select('id')
      .where('id', '=', fields.householdId)
      .where('community_id', '=', communityId)
      .executeTakeFirst();
    if (!household) return refuse(400, 'unknown-household', `no household ${fields.householdId}`);
  }
  return { ok: true, value: true };
}

async function endDateFor(db: Kysely<Database>, communityId: string, fields: WatchFields): Promise<string | null> {
  if (fields.endDate !== undefined) return fields.endDate;
  if (!TIMED_KINDS.includes(fields.kind)) return null;
  const rules = await screeningRulesFor(db, communityId);
  return addDays(fields.startDate, rules.homeObservationDays - 1);
}

export async function addWatchEntry(
  db: Kysely<Database>,
  communityId: string,
  fields: WatchFields,
  now: string,
  today: string,
): Promise<AdminResult<WatchEntryView>> {
  return db.transaction().execute(async (trx) => {
    const exists = await subjectExists(trx, communityId, fields);
    if (!exists.ok) return exists;
    const id = uuidv7();
    await trx
      .insertInto('watch_entries')
      .values({
        id,
        community_id: communityId,
        kind: fields.kind,
        person_id: fields.personId,
        household_id: fields.householdId,
        start_date: fields.startDate,
        end_date: await endDateFor(trx, communityId, fields),
        origin: fields.origin,
        arrival_date: fields.arrivalDate,
        note: fields.note,
        created_at: now,
      })
      .execute();
    await bumpRosterVersion(trx, communityId);
    return {
      ok: true,
      value: (await listWatchEntries(trx, communityId, today, { includeEnded: true })).find((w) => w.id === id)!,
    };
  });
}

export async function updateWatchEntry(
  db: Kysely<Database>,
  communityId: string,
  id: string,
  fields: WatchFields,
  today: string,
): Promise<AdminResult<WatchEntryView>> {
  return db.transaction().execute(async (trx) => {
    const exists = await subjectExists(trx, communityId, fields);
    if (!exists.ok) return exists;
    const updated = await trx
      .updateTable('watch_entries')
      .set({
        kind: fields.kind,
        person_id: fields.personId,
        household_id: fields.householdId,
        start_date: fields.startDate,
        end_date: await endDateFor(trx, communityId, fields),
        origin: fields.origin,
        arrival_date: fields.arrivalDate,
        note: fields.note,
      })
      .where('id', '=', id)
      .where('community_id', '=', communityId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return refuse(404, 'unknown-watch-entry', `no watch entry ${id}`);
    await bumpRosterVersion(trx, communityId);
    return {
      ok: true,
      value: (await listWatchEntries(trx, communityId, today, { includeEnded: true })).find((w) => w.id === id)!,
    };
  });
}

/** Ends a period now: the person drops out of the next snapshot; the entry stays as history. */
export async function releaseWatchEntry(
  db: Kysely<Database>,
  communityId: string,
  id: string,
  now: string,
  today: string,
): Promise<AdminResult<WatchEntryView>> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('watch_entries')
      .set({ released_at: now })
      .where('id', '=', id)
      .where('community_id', '=', communityId)
      .where('released_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return refuse(404, 'unknown-watch-entry', `no unreleased watch entry ${id}`);
    await bumpRosterVersion(trx, communityId);
    return {
      ok: true,
      value: (await listWatchEntries(trx, communityId, today, { includeEnded: true })).find((w) => w.id === id)!,
    };
  });
}
