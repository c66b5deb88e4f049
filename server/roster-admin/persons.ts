import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { checkResidentId, maskResidentId } from '../../protocol/resident-id.ts';
import type { PersonView, RosterCategory } from '../../protocol/roster-admin.ts';
import type { Database } from '../db/schema.ts';
import { hashIdNumber } from '../setup/keys.ts';
import { bumpRosterVersion } from './roster-version.ts';
import { refuse, type AdminResult } from './admin-result.ts';

export interface PersonFields {
  householdId: string | null;
  name: string;
  category: RosterCategory;
  phone: string | null;
  /** Undefined keeps what is stored (updates), null removes it. */
  idNumber?: string | null | undefined;
}

const ID_REASONS = {
  format: 'not 18 characters (or 15 digits)',
  province: 'the first two digits are no province code',
  'check-digit': 'the check character is wrong',
  'birth-date': 'the birth date in it is not a real date',
} as const;

/** The only forms of an ID number we keep. */
export type StoredId = { idHash: string; idMasked: string };

export function storedIdFor(idHashKey: Buffer, idNumber: string): AdminResult<StoredId> {
  const check = checkResidentId(idNumber);
  if (!check.ok) return refuse(400, 'invalid-id-number', `ID number ${maskResidentId(idNumber)}: ${ID_REASONS[check.reason]}`);
  return { ok: true, value: { idHash: hashIdNumber(idHashKey, check.normalized), idMasked: maskResidentId(check.normalized) } };
}

export async function listPersons(
  db: Kysely<Database>,
  communityId: string,
  filter: { householdId?: string | undefined },
): Promise<PersonView[]> {
  let query = db
    .selectFrom('persons')
    .select(['id', 'household_id as householdId', 'name', 'category', 'id_masked as idMasked', 'phone'])
    .where('community_id', '=', communityId);
  if (filter.householdId) query = query.where('household_id', '=', filter.householdId);
  return query.orderBy('household_id').orderBy('id').execute();
}

async function checkHousehold(db: Kysely<Database>, communityId: string, householdId: string | null): Promise<boolean> {
  if (householdId === null) return true;
  return (
    (await db
      .selectFrom('households')
      .select('id')
      .where('id', '=', householdId)
      .where('community_id', '=', communityId)
      .executeTakeFirst()) !== undefined
  );
}

async function idTaken(db: Kysely<Database>, communityId: string, idHash: string, exceptId: string | null): Promise<boolean> {
  let query = db.selectFrom('persons').select('id').where('community_id', '=', communityId).where('id_hash', '=', idHash);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Validates household and ID number; the ID number leaves this function only hashed and masked. */
async function prepare(
  db: Kysely<Database>,
  idHashKey: Buffer,
  communityId: string,
  fields: PersonFields,
  exceptId: string | null,
): Promise<AdminResult<StoredId | null | undefined>> {
  if (!(await checkHousehold(db, communityId, fields.householdId)))
    return refuse(400, 'unknown-household', `no household ${fields.householdId}`);
  if (fields.idNumber === undefined || fields.idNumber === null || fields.idNumber === '')
    return { ok: true, value: fields.idNumber === undefined ? undefined : null };
  const stored = storedIdFor(idHashKey, fields.idNumber);
  if (!stored.ok) return stored;
  if (await idTaken(db, communityId, stored.value.idHash, exceptId))
    return refuse(409, 'duplicate-id-number', `ID number ${stored.value.idMasked} already belongs to someone on the roster`);
  return stored;
}

export async function createPerson(
  db: Kysely<Database>,
  idHashKey: Buffer,
  communityId: string,
  fields: PersonFields,
): Promise<AdminResult<PersonView>> {
  return db.transaction().execute(async (trx) => {
    const id = await prepare(trx, idHashKey, communityId, fields, null);
    if (!id.ok) return id;
    const personId = uuidv7();
    await trx
      .insertInto('persons')
      .values({
        id: personId,
        community_id: communityId,
        household_id: fields.householdId,
        name: fields.name,
        category: fields.category,
        phone: fields.phone,
        id_hash: id.value?.idHash ?? null,
        id_masked: id.value?.idMasked ?? null,
      })
      .execute();
    await bumpRosterVersion(trx, communityId);
    return {
      ok: true,
      value: {
        id: personId,
        householdId: fields.householdId,
        name: fields.name,
        category: fields.category,
        idMasked: id.value?.idMasked ?? null,
        phone: fields.phone,
      },
    };
  });
}

export async function updatePerson(
  db: Kysely<Database>,
  idHashKey: Buffer,
  communityId: string,
  personId: string,
  fields: PersonFields,
): Promise<AdminResult<PersonView>> {
  return db.transaction().execute(async (trx) => {
    const id = await prepare(trx, idHashKey, communityId, fields, personId);
    if (!id.ok) return id;
    const idColumns = id.value === undefined ? {} : { id_hash: id.value?.idHash ?? null, id_masked: id.value?.idMasked ?? null };
    const updated = await trx
      .updateTable('persons')
      .set({ household_id: fields.householdId, name: fields.name, category: fields.category, phone: fields.phone, ...idColumns })
      .where('id', '=', personId)
      .where('community_id', '=', communityId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return refuse(404, 'unknown-person', `no person ${personId}`);
    await bumpRosterVersion(trx, communityId);
    const view = await trx
      .selectFrom('persons')
      .select(['id', 'household_id as householdId', 'name', 'category', 'id_masked as idMasked', 'phone'])
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    return { ok: true, value: view };
  });
}

/** Someone on the watch list stays until released: deleting them would hide them from the gates. */
export async function deletePerson(
  db: Kysely<Database>,
  communityId: string,
  personId: string,
): Promise<AdminResult<{ deleted: true }>> {
  return db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom('persons')
      .select('id')
      .where('id', '=', personId)
      .where('community_id', '=', communityId)
      .executeTakeFirst();
    if (!person) return refuse(404, 'unknown-person', `no person ${personId}`);
    const watched = await trx
      .selectFrom('watch_entries')
      .select('id')
      .where('person_id', '=', personId)
      .where('released_at', 'is', null)
      .limit(1)
      .executeTakeFirst();
    if (watched) return refuse(409, 'person-on-watch-list', 'release the person from the watch list first');
    await trx.deleteFrom('watch_entries').where('person_id', '=', personId).execute();
    await trx.deleteFrom('persons').where('id', '=', personId).execute();
    await bumpRosterVersion(trx, communityId);
    return { ok: true, value: { deleted: true } };
  });
}
