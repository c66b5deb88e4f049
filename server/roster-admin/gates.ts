import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { GateView } from '../../protocol/roster-admin.ts';
import type { Database } from '../db/schema.ts';
import { bumpRosterVersion } from './roster-version.ts';
import { refuse, type AdminResult } from './admin-result.ts';

type GateFields = { name: string; isMain: boolean; note: string | null };

/** Gates with the devices enrolled at each (enrollment itself is the device routes' job). */
export async function listGates(db: Kysely<Database>, communityId: string): Promise<GateView[]> {
  const gates = await db
    .selectFrom('gates')
    .select(['id', 'name', 'is_main', 'note'])
    .where('community_id', '=', communityId)
    .orderBy('is_main', 'desc')
    .orderBy('name')
    .execute();
  const devices = gates.length
    ? await db
        .selectFrom('devices')
        .select(['id', 'gate_id', 'enrolled_at', 'revoked_at'])
        .where(
          'gate_id',
          'in',
          gates.map((g) => g.id),
        )
        .orderBy('id')
        .execute()
    : [];
  return gates.map((g) => ({
    id: g.id,
    name: g.name,
    isMain: g.is_main === 1,
    note: g.note,
    devices: devices
      .filter((d) => d.gate_id === g.id)
      .map((d) => ({ id: d.id, enrolledAt: d.enrolled_at, revokedAt: d.revoked_at })),
  }));
}

async function saveGate(
  db: Kysely<Database>,
  communityId: string,
  id: string | null,
  fields: GateFields,
): Promise<AdminResult<GateView>> {
  return db.transaction().execute(async (trx) => {
    const gateId = id ?? uuidv7();
    // One main gate per community: naming a new one demotes the old.
    if (fields.isMain) await trx.updateTable('gates').set({ is_main: 0 }).where('community_id', '=', communityId).execute();
    if (id === null) {
      await trx
        .insertInto('gates')
        .values({ id: gateId, community_id: communityId, name: fields.name, note: fields.note, is_main: fields.isMain ? 1 : 0 })
        .execute();
    } else {
      const updated = await trx
        .updateTable('gates')
        .set({ name: fields.name, note: fields.note, is_main: fields.isMain ? 1 : 0 })
        .where('id', '=', id)
        .where('community_id', '=', communityId)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return refuse(404, 'unknown-gate', `no gate ${id}`);
    }
    // The snapshot names the gate.
    await bumpRosterVersion(trx, communityId);
    const view = (await listGates(trx, communityId)).find((g) => g.id === gateId)!;
    return { ok: true, value: view };
  });
}

export function createGate(db: Kysely<Database>, communityId: string, fields: GateFields): Promise<AdminResult<GateView>> {
  return saveGate(db, communityId, null, fields);
}

export function updateGate(
  db: Kysely<Database>,
  communityId: string,
  id: string,
  fields: GateFields,
): Promise<AdminResult<GateView>> {
  return saveGate(db, communityId, id, fields);
}
