import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { CompoundCheck, ConfirmedCaseInput, EpidemicFreeBlocker } from '../../protocol/review-queries.ts';
import { addDays, communityDate } from '../../protocol/community-date.ts';
import type { Database } from '../db/schema.ts';
import { householdAddress } from './person-summaries.ts';
import { compoundIdsIn, type Scope } from '../org/scope.ts';

/** A compound counts as clear once no case was confirmed within this many days. */
export const CLEAR_AFTER_DAYS = 14;
const BLOCKING_WATCH_KINDS = ['suspected-case', 'fever-follow-up', 'close-contact', 'close-contact-household'] as const;

function subjectOf(row: {
  person_name: string | null;
  building: string | null;
  unit: string | null;
  room: string | null;
  note?: string | null;
}): string {
  if (row.person_name) return row.person_name;
  if (row.building !== null && row.unit !== null && row.room !== null)
    return householdAddress({ building: row.building, unit: row.unit, room: row.room });
  return row.note ?? '—';
}

export async function recordConfirmedCase(
  db: Kysely<Database>,
  input: { case: z.output<typeof ConfirmedCaseInput>; userId: string; at: string },
): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('confirmed_cases')
    .values({
      id,
      community_id: input.case.communityId,
      person_id: input.case.personId,
      household_id: input.case.householdId,
      confirmed_on: input.case.confirmedOn,
      note: input.case.note,
      created_at: input.at,
      created_by: input.userId,
    })
    .execute();
  return id;
}

/** Rows grouped by compound, each group in the order the query gave. */
function byCompound<T extends { community_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.community_id);
    if (group) group.push(row);
    else groups.set(row.community_id, [row]);
  }
  return groups;
}

/**
 * Per compound: epidemic-free when no case was confirmed in the last 14 days and nobody of the
 * three categories (suspected, fever, close contact) is un-released, with everything that blocks
 * it. Strict on release: a watch period that has ended still blocks until someone releases it, and
 * a fever event still open blocks like a fever case on the watch list.
 *
 * Four grouped queries for all compounds in scope, whatever their number: a district's 200 (or a
 * city's 7,148) compounds asked one by one cost a round trip each per question, seconds in all.
 */
export async function checkCompounds(db: Kysely<Database>, now: Date, scope: Scope): Promise<CompoundCheck[]> {
  const communities = await db
    .selectFrom('communities')
    .select(['id', 'name', 'time_zone'])
    .where('id', 'in', compoundIdsIn(db, scope))
    .orderBy('name')
    .orderBy('id')
    .execute();
  if (communities.length === 0) return [];
  // Each compound counts its 14 days on its own calendar; one query reads from the earliest of them.
  const todayOf = new Map(communities.map((c) => [c.id, communityDate(now, c.time_zone)]));
  const clearSinceOf = (communityId: string) => addDays(todayOf.get(communityId)!, -(CLEAR_AFTER_DAYS - 1));
  const earliestClearSince = [...todayOf.keys()].map(clearSinceOf).sort()[0]!;

  const last = await db
    .selectFrom('confirmed_cases')
    .select(['community_id', (eb) => eb.fn.max('confirmed_on').as('last')])
    .where('community_id', 'in', compoundIdsIn(db, scope))
    .groupBy('community_id')
    .execute();
  const lastOf = new Map(last.map((row) => [row.community_id, row.last]));

  const recent = byCompound(
    await db
      .selectFrom('confirmed_cases')
      .leftJoin('persons', 'persons.id', 'confirmed_cases.person_id')
      .leftJoin('households', 'households.id', 'confirmed_cases.household_id')
      .select([
        'confirmed_cases.id',
        'confirmed_cases.community_id',
        'confirmed_cases.confirmed_on',
        'confirmed_cases.note',
        'persons.name as person_name',
        'households.building',
        'households.unit',
        'households.room',
      ])
      .where('confirmed_cases.community_id', 'in', compoundIdsIn(db, scope))
      .where('confirmed_cases.confirmed_on', '>=', earliestClearSince)
      .orderBy('confirmed_cases.confirmed_on')
      .orderBy('confirmed_cases.id')
      .execute(),
  );

  const watched = byCompound(
    await db
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
      .select([
        'watch_entries.id',
        'watch_entries.community_id',
        'watch_entries.kind',
        'watch_entries.start_date',
        'watch_entries.end_date',
        'persons.name as person_name',
        'households.building',
        'households.unit',
        'households.room',
      ])
      .where('watch_entries.community_id', 'in', compoundIdsIn(db, scope))
      .where('watch_entries.released_at', 'is', null)
      .where('watch_entries.kind', 'in', [...BLOCKING_WATCH_KINDS])
      .orderBy('watch_entries.start_date')
      .orderBy('watch_entries.id')
      .execute(),
  );

  const fevers = byCompound(
    await db
      .selectFrom('fever_events')
      .innerJoin('gates', 'gates.id', 'fever_events.gate_id')
      .leftJoin('persons', 'persons.id', 'fever_events.person_id')
      .select([
        'fever_events.id',
        'gates.community_id',
        'fever_events.occurred_at',
        'fever_events.subject_name',
        'fever_events.id_masked',
        'persons.name as person_name',
      ])
      .where('gates.community_id', 'in', compoundIdsIn(db, scope))
      .where('fever_events.status', '=', 'open')
      .orderBy('fever_events.id')
      .execute(),
  );

  return communities.map((community) => {
    const today = todayOf.get(community.id)!;
    const clearSince = clearSinceOf(community.id);
    const blockers: EpidemicFreeBlocker[] = [];
    for (const row of recent.get(community.id) ?? []) {
      if (row.confirmed_on < clearSince) continue;
      blockers.push({
        kind: 'confirmed-case',
        id: row.id,
        subject: subjectOf(row),
        confirmedOn: row.confirmed_on,
        clearOn: addDays(row.confirmed_on, CLEAR_AFTER_DAYS),
      });
    }
    for (const row of watched.get(community.id) ?? []) {
      const watchKind = BLOCKING_WATCH_KINDS.find((kind) => kind === row.kind);
      if (!watchKind) continue;
      blockers.push({
        kind: 'watch',
        id: row.id,
        watchKind,
        subject: subjectOf(row),
        startDate: row.start_date,
        endDate: row.end_date,
        awaitingRelease: row.end_date !== null && row.end_date < today,
      });
    }
    for (const row of fevers.get(community.id) ?? []) {
      blockers.push({
        kind: 'fever-event',
        id: row.id,
        subject: row.person_name ?? row.subject_name ?? row.id_masked ?? '—',
        occurredAt: row.occurred_at,
      });
    }
    return {
      communityId: community.id,
      communityName: community.name,
      today,
      epidemicFree: blockers.length === 0,
      lastConfirmedOn: lastOf.get(community.id) ?? null,
      blockers,
    };
  });
}
