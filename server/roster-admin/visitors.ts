import type { Kysely } from 'kysely';
import { randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { VisitorPassView } from '../../protocol/roster-admin.ts';
import type { Database } from '../db/schema.ts';
import { refuse, type AdminResult } from './admin-result.ts';
import { normalizePlate } from './vehicles.ts';
import { bumpRosterVersion } from './roster-version.ts';

/** No 0/O or 1/I: the guard may have to type the code from a phone screen. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** `V-` and 8 characters: the form the gate's scanner classifies as a visitor code. */
export function newVisitorCode(): string {
  let code = 'V-';
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

type VisitorFields = {
  name: string;
  hostHouseholdId: string;
  validFrom: string;
  validUntil: string;
  vehiclePlate: string | null;
};

export async function listVisitorPasses(db: Kysely<Database>, communityId: string, fromDate: string): Promise<VisitorPassView[]> {
  return db
    .selectFrom('visitor_passes')
    .select([
      'id',
      'code',
      'name',
      'host_household_id as hostHouseholdId',
      'valid_from as validFrom',
      'valid_until as validUntil',
      'vehicle_plate as vehiclePlate',
      'revoked_at as revokedAt',
    ])
    .where('community_id', '=', communityId)
    .where('valid_until', '>=', fromDate)
    .orderBy('valid_from', 'desc')
    .orderBy('code')
    .execute();
}

export async function createVisitorPass(
  db: Kysely<Database>,
  communityId: string,
  fields: VisitorFields,
  now: string,
  today: string,
): Promise<AdminResult<VisitorPassView>> {
  // A pass that has already ended would never reach a gate: say so rather than store it.
  if (fields.validUntil < today)
    return refuse(400, 'already-expired', `valid until ${fields.validUntil} is before today (${today})`);
  return db.transaction().execute(async (trx) => {
    const host = await trx
      .selectFrom('households')
      .select('id')
      .where('id', '=', fields.hostHouseholdId)
      .where('community_id', '=', communityId)
      .executeTakeFirst();
    if (!host) return refuse(400, 'unknown-household', `no household ${fields.hostHouseholdId}`);
    const view: VisitorPassView = {
      id: uuidv7(),
      code: newVisitorCode(),
      ...fields,
      vehiclePlate: fields.vehiclePlate ? normalizePlate(fields.vehiclePlate) : null,
      revokedAt: null,
    };
    await trx
      .insertInto('visitor_passes')
      .values({
        id: view.id,
        community_id: communityId,
        code: view.code,
        name: view.name,
        host_household_id: view.hostHouseholdId,
        valid_from: view.validFrom,
        valid_until: view.validUntil,
        vehicle_plate: view.vehiclePlate,
        created_at: now,
      })
      .execute();
    await bumpRosterVersion(trx, communityId);
    return { ok: true, value: view };
  });
}

export async function revokeVisitorPass(
  db: Kysely<Database>,
  communityId: string,
  id: string,
  now: string,
): Promise<AdminResult<{ revoked: true }>> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('visitor_passes')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('community_id', '=', communityId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return refuse(404, 'unknown-visitor-pass', `no unrevoked visitor pass ${id}`);
    await bumpRosterVersion(trx, communityId);
    return { ok: true, value: { revoked: true } };
  });
}
