import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { HouseholdView, HouseholdInput } from '../../protocol/roster-admin.ts';
import type { Database } from '../db/schema.ts';
import { bumpRosterVersion } from './roster-version.ts';
import { refuse, type AdminResult } from './admin-result.ts';

type HouseholdFields = { building: string; unit: string; floor: number | null; room: string };

/** Chinese room numbers carry the floor: `502` is on floor 5, `1203` on floor 12. */
export function floorFromRoom(room: string): number | null {
  const match = /^(\d{1,3})\d{2}$/.exec(room.trim());
  return match ? Number(match[1]) : null;
}

export function householdAddress(h: { building: string; unit: string; room: string }): string {
  return `${h.building}${h.unit}${h.room}`;
}

export async function listHouseholds(db: Kysely<Database>, communityId: string): Promise<HouseholdView[]> {
  const rows = await db
    .selectFrom('households')
    .leftJoin('persons', 'persons.household_id', 'households.id')
    .select((eb) => [
      'households.id',
      'households.building',
      'households.unit',
      'households.floor',
      'households.room',
      eb.fn.count<number | string | bigint>('persons.id').as('personCount'),
    ])
    .where('households.community_id', '=', communityId)
    .groupBy(['households.id', 'households.building', 'households.unit', 'households.floor', 'households.room'])
    .orderBy('households.building')
    .orderBy('households.unit')
    .orderBy('households.room')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    building: r.building,
    unit: r.unit,
    floor: r.floor ?? floorFromRoom(r.room),
    room: r.room,
    personCount: Number(r.personCount),
  }));
}

async function addressTaken(
  db: Kysely<Database>,
  communityId: string,
  fields: HouseholdFields,
  exceptId: string | null,
): Promise<boolean> {
  let query = db
    .selectFrom('households')
    .select('id')
    .where('community_id', '=', communityId)
    .where('building', '=', fields.building)
    .where('unit', '=', fields.unit)
    .where('room', '=', fields.room);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Finds or creates the household at an address; the caller bumps the roster version once for its whole change. */
export async function ensureHousehold(
  db: Kysely<Database>,
  communityId: string,
  fields: HouseholdFields,
): Promise<{ id: string; created: boolean }> {
  const existing = await db
    .selectFrom('households')
    .select('id')
    .where('community_id', '=', communityId)
    .where('building', '=', fields.building)
    .where('unit', '=', fields.unit)
    .where('room', '=', fields.room)
    .executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  const id = uuidv7();
  await db
    .insertInto('households')
    .values({ id, community_id: communityId, ...fields })
    .execute();
  return { id, created: true };
}

export async function createHousehold(
  db: Kysely<Database>,
  communityId: string,
  input: HouseholdInput & HouseholdFields,
): Promise<AdminResult<HouseholdView>> {
  return db.transaction().execute(async (trx) => {
    if (await addressTaken(trx, communityId, input, null))
      return refuse(409, 'duplicate-household', `${householdAddress(input)} is already on the roster`);
    const { id } = await ensureHousehold(trx, communityId, input);
    await bumpRosterVersion(trx, communityId);
    return {
      ok: true,
      value: {
        id,
        building: input.building,
        unit: input.unit,
        floor: input.floor ?? floorFromRoom(input.room),
        room: input.room,
        personCount: 0,
      },
    };
  });
}

export async function updateHousehold(
  db: Kysely<Database>,
  communityId: string,
  id: string,
  input: HouseholdFields,
): Promise<AdminResult<HouseholdView>> {
  return db.transaction().execute(async (trx) => {
    if (await addressTaken(trx, communityId, input, id))
      return refuse(409, 'duplicate-household', `${householdAddress(input)} is already on the roster`);
    const updated = await trx
      .updateTable('households')
      .set(input)
      .where('id', '=', id)
      .where('community_id', '=', communityId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return refuse(404, 'unknown-household', `no household ${id}`);
    await bumpRosterVersion(trx, communityId);
    const view = (await listHouseholds(trx, communityId)).find((h) => h.id === id)!;
    return { ok: true, value: view };
  });
}

/** Only an empty household goes: its people, cars, passes and watch entries must be moved or removed first. */
export async function deleteHousehold(
  db: Kysely<Database>,
  communityId: string,
  id: string,
): Promise<AdminResult<{ deleted: true }>> {
  return db.transaction().execute(async (trx) => {
    const household = await trx
      .selectFrom('households')
      .select('id')
      .where('id', '=', id)
      .where('community_id', '=', communityId)
      .executeTakeFirst();
    if (!household) return refuse(404, 'unknown-household', `no household ${id}`);
    const uses = await Promise.all([
      trx.selectFrom('persons').select('id').where('household_id', '=', id).limit(1).executeTakeFirst(),
      trx.selectFrom('vehicles').select('id').where('household_id', '=', id).limit(1).executeTakeFirst(),
      trx.selectFrom('watch_entries').select('id').where('household_id', '=', id).limit(1).executeTakeFirst(),
      trx.selectFrom('visitor_passes').select('id').where('host_household_id', '=', id).limit(1).executeTakeFirst(),
    ]);
    if (uses.some((u) => u !== undefined))
      return refuse(409, 'household-in-use', 'the household still has people, vehicles, visitor passes or watch entries');
    await trx.deleteFrom('households').where('id', '=', id).execute();
    await bumpRosterVersion(trx, communityId);
    return { ok: true, value: { deleted: true } };
  });
}
