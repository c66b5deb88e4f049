import { type Kysely } from 'kysely';
import { NOT_A_PASSAGE } from '../../protocol/entry.ts';
import type { OffRosterPasser, QuietHousehold, SweepResponse } from '../../protocol/review-queries.ts';
import type { Database } from '../db/schema.ts';
import { uuidv7Floor } from './entry-id-bounds.ts';
import { householdAddress } from './person-summaries.ts';
import { compoundIdsIn, gateIdsIn, isTopScope, type Scope } from '../org/scope.ts';

const DAY_MS = 24 * 60 * 60_000;
export const MAX_OFF_ROSTER = 500;

async function occurredAtById(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, { occurredAt: string; gateId: string; gateName: string }>> {
  const found = new Map<string, { occurredAt: string; gateId: string; gateName: string }>();
  for (let start = 0; start < ids.length; start += 500) {
    const rows = await db
      .selectFrom('entries')
      .innerJoin('gates', 'gates.id', 'entries.gate_id')
      .select(['entries.id', 'entries.occurred_at', 'gates.id as gate_id', 'gates.name'])
      .where('entries.id', 'in', ids.slice(start, start + 500))
      .execute();
    for (const row of rows) found.set(row.id, { occurredAt: row.occurred_at, gateId: row.gate_id, gateName: row.name });
  }
  return found;
}

/**
 * Households with someone on the roster whose members have not passed any gate since `sinceId`: a
 * screening abandoned at the gate is no passage, so it is no sign that anyone is at home.
 */
async function quietHouseholds(db: Kysely<Database>, sinceId: string, scope: Scope): Promise<QuietHousehold[]> {
  let select = db
    .selectFrom('households')
    .innerJoin('persons', 'persons.household_id', 'households.id')
    .select((eb) => [
      'households.id',
      'households.building',
      'households.unit',
      'households.room',
      eb.fn.count<string | number>('persons.id').as('persons'),
      // Per person this is one step down the (person_id, id) index.
      eb.fn
        .max(
          eb
            .selectFrom('entries')
            .select((sub) => sub.fn.max('entries.id').as('last'))
            .whereRef('entries.person_id', '=', 'persons.id')
            .where('entries.decision', 'not in', NOT_A_PASSAGE),
        )
        .as('last_id'),
    ])
    .groupBy(['households.id', 'households.building', 'households.unit', 'households.room'])
    .orderBy('households.building')
    .orderBy('households.unit')
    .orderBy('households.room');
  if (!isTopScope(scope)) select = select.where('households.community_id', 'in', compoundIdsIn(db, scope));
  const rows = await select.execute();
  const quiet = rows.filter((row) => row.last_id === null || row.last_id < sinceId);
  const seen = await occurredAtById(
    db,
    quiet.flatMap((row) => (row.last_id === null ? [] : [row.last_id])),
  );
  return quiet.map((row) => ({
    householdId: row.id,
    address: householdAddress(row),
    persons: Number(row.persons),
    lastSeenAt: row.last_id === null ? null : (seen.get(row.last_id)?.occurredAt ?? null),
    lastGateId: row.last_id === null ? null : (seen.get(row.last_id)?.gateId ?? null),
  }));
}

/** People passing as residents, tenants, staff or unknown who match no roster person; visitors and couriers are expected off the roster. Abandoned screenings are no passages. */
async function offRoster(db: Kysely<Database>, sinceId: string, scope: Scope): Promise<OffRosterPasser[]> {
  let select = db
    .selectFrom('entries')
    .leftJoin('persons', 'persons.id', 'entries.person_id')
    .select((eb) => [
      'entries.subject_name',
      'entries.id_masked',
      'entries.category',
      eb.fn.countAll<string | number>().as('passages'),
      eb.fn.max('entries.id').as('last_id'),
    ])
    .where('entries.id', '>=', sinceId)
    .where('entries.decision', 'not in', NOT_A_PASSAGE)
    .where('entries.category', 'in', ['resident', 'tenant', 'staff', 'unknown'])
    .where('persons.id', 'is', null)
    .groupBy(['entries.subject_name', 'entries.id_masked', 'entries.category'])
    .orderBy('passages', 'desc')
    .orderBy('last_id', 'desc')
    .limit(MAX_OFF_ROSTER);
  if (!isTopScope(scope)) select = select.where('entries.gate_id', 'in', gateIdsIn(db, scope));
  const rows = await select.execute();
  const seen = await occurredAtById(
    db,
    rows.map((row) => row.last_id),
  );
  return rows.flatMap((row) => {
    const last = seen.get(row.last_id);
    if (!last) return [];
    return [
      {
        name: row.subject_name,
        idMasked: row.id_masked,
        category: row.category,
        passages: Number(row.passages),
        lastSeenAt: last.occurredAt,
        lastGateId: last.gateId,
        lastGateName: last.gateName,
      },
    ];
  });
}

/** The lit-window count made digital, over the last `days` days. */
export async function occupancySweep(db: Kysely<Database>, days: number, now: Date, scope: Scope): Promise<SweepResponse> {
  const since = new Date(now.getTime() - days * DAY_MS);
  const sinceId = uuidv7Floor(since);
  return {
    since: since.toISOString(),
    quietHouseholds: await quietHouseholds(db, sinceId, scope),
    offRoster: await offRoster(db, sinceId, scope),
  };
}
