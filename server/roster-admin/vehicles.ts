import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { VehicleView } from '../../protocol/roster-admin.ts';
import type { Database } from '../db/schema.ts';
import { bumpRosterVersion } from './roster-version.ts';
import { refuse, type AdminResult } from './admin-result.ts';

/** Plates are compared without the separators people type (`沪A·12345`, `沪A 12345`). */
export function normalizePlate(plate: string): string {
  return plate.replace(/[\s·.-]/g, '').toUpperCase();
}

export async function listVehicles(db: Kysely<Database>, communityId: string): Promise<VehicleView[]> {
  return db
    .selectFrom('vehicles')
    .select(['id', 'plate', 'household_id as householdId'])
    .where('community_id', '=', communityId)
    .orderBy('plate')
    .execute();
}

export async function addVehicle(
  db: Kysely<Database>,
  communityId: string,
  input: { plate: string; householdId: string },
): Promise<AdminResult<VehicleView>> {
  const plate = normalizePlate(input.plate);
  return db.transaction().execute(async (trx) => {
    const household = await trx
      .selectFrom('households')
      .select('id')
      .where('id', '=', input.householdId)
      .where('community_id', '=', communityId)
      .executeTakeFirst();
    if (!household) return refuse(400, 'unknown-household', `no household ${input.householdId}`);
    const taken = await trx
      .selectFrom('vehicles')
      .select('id')
      .where('community_id', '=', communityId)
      .where('plate', '=', plate)
      .executeTakeFirst();
    if (taken) return refuse(409, 'duplicate-plate', `${plate} is already registered`);
    const id = uuidv7();
    await trx.insertInto('vehicles').values({ id, community_id: communityId, household_id: input.householdId, plate }).execute();
    await bumpRosterVersion(trx, communityId);
    return { ok: true, value: { id, plate, householdId: input.householdId } };
  });
}

export async function removeVehicle(
  db: Kysely<Database>,
  communityId: string,
  id: string,
): Promise<AdminResult<{ deleted: true }>> {
  return db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('vehicles')
      .where('id', '=', id)
      .where('community_id', '=', communityId)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) return refuse(404, 'unknown-vehicle', `no vehicle ${id}`);
    await bumpRosterVersion(trx, communityId);
    return { ok: true, value: { deleted: true } };
  });
}
