import { sql, type Kysely } from 'kysely';
import type { GateCompound } from '../../protocol/review-queries.ts';
import type { Database } from '../db/schema.ts';
import { isPostgresDatabase } from '../db/database-kind.ts';
import { compoundIdsIn, gateIdsIn, isTopScope, type Scope } from '../org/scope.ts';
import { uuidv7Floor } from './entry-id-bounds.ts';
import { entryViewsSelect, type EntryViewRow } from './entry-views.ts';

/**
 * Who a person is across the compounds in scope: every roster row there with the same ID hash (a
 * courier or relative on two compounds' rosters), and the hash itself, which links them to
 * passages where no roster knew them (a visitor whose card was read). ID numbers exist here only
 * as that hash.
 */
export interface TraceIdentity {
  personIds: string[];
  idHash: string | null;
}

/** The record's ID hash, written exactly as migration 0098 indexes it. */
function idHashOfRecord(db: Kysely<Database>) {
  return isPostgresDatabase(db)
    ? sql<string | null>`((entries.record::jsonb) #>> '{subject,idHash}')`
    : sql<string | null>`json_extract(entries.record, '$.subject.idHash')`;
}

/**
 * Whether a look-up in this scope traces across compounds: a user above a compound whose scope
 * holds more than one. A compound's staff, and a single-compound install, see their own gates.
 */
export async function tracesAcross(db: Kysely<Database>, scope: Scope): Promise<boolean> {
  if (scope.kind === 'compound') return false;
  const compounds = await compoundIdsIn(db, scope).limit(2).execute();
  return compounds.length > 1;
}

/** The identity of a roster person in scope; null when the person is not in scope. */
export async function traceIdentity(db: Kysely<Database>, personId: string, scope: Scope): Promise<TraceIdentity | null> {
  let person = db.selectFrom('persons').select(['id', 'id_hash']).where('persons.id', '=', personId);
  if (!isTopScope(scope)) person = person.where('persons.community_id', 'in', compoundIdsIn(db, scope));
  const found = await person.executeTakeFirst();
  if (!found) return null;
  if (found.id_hash === null) return { personIds: [found.id], idHash: null };
  let same = db.selectFrom('persons').select('id').where('id_hash', '=', found.id_hash);
  if (!isTopScope(scope)) same = same.where('persons.community_id', 'in', compoundIdsIn(db, scope));
  const ids = new Set([found.id, ...(await same.execute()).map((row) => row.id)]);
  return { personIds: [...ids].sort(), idHash: found.id_hash };
}

/**
 * The newest `limit` passages of the identity at the gates in scope since `since`, newest first, as
 * the entry log's rows: a walk of the (person, id) index for the roster rows and one of the ID-hash
 * index, each cut at the limit and joined to its views in the same statement, merged without
 * repeats (a resident's passage is found by both). Reading views for a list of 500 ids instead
 * cost PostgreSQL a plan over every day partition per id (a district's traced timeline at 20 M:
 * p50 225 ms, against 31 ms for the same person's log).
 */
export async function tracedPassages(
  db: Kysely<Database>,
  identity: TraceIdentity,
  since: Date,
  scope: Scope,
  limit: number,
): Promise<EntryViewRow[]> {
  const floor = uuidv7Floor(since);
  const walk = async (match: 'person' | 'hash') => {
    let select = entryViewsSelect(db).where('entries.id', '>=', floor);
    select =
      match === 'person'
        ? select.where('entries.person_id', 'in', identity.personIds)
        : select.where(idHashOfRecord(db), '=', identity.idHash);
    if (!isTopScope(scope)) select = select.where('entries.gate_id', 'in', gateIdsIn(db, scope));
    return select.orderBy('entries.id', 'desc').limit(limit).execute();
  };
  const rows = [...(await walk('person')), ...(identity.idHash === null ? [] : await walk('hash'))];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return [...byId.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).slice(0, limit);
}

/** The compound of each gate named, so an answer spanning compounds can say where each passage was. */
export async function gateCompounds(db: Kysely<Database>, gateIds: Iterable<string>): Promise<GateCompound[]> {
  const ids = [...new Set(gateIds)];
  if (ids.length === 0) return [];
  return db
    .selectFrom('gates')
    .innerJoin('communities', 'communities.id', 'gates.community_id')
    .select(['gates.id as gateId', 'communities.id as compoundId', 'communities.name as compoundName'])
    .where('gates.id', 'in', ids)
    .orderBy('gates.id')
    .execute();
}
