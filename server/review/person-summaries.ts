import { sql, type Kysely } from 'kysely';
import type { RosterPersonSummary } from '../../protocol/review-queries.ts';
import type { Database } from '../db/schema.ts';
import { compoundIdsIn, isTopScope, type Scope } from '../org/scope.ts';

export function householdAddress(household: { building: string; unit: string; room: string }): string {
  return `${household.building}-${household.unit}-${household.room}`;
}

function personsSelect(db: Kysely<Database>, scope: Scope) {
  const select = db
    .selectFrom('persons')
    .leftJoin('households', 'households.id', 'persons.household_id')
    .select([
      'persons.id',
      'persons.name',
      'persons.category',
      'persons.id_masked',
      'households.building',
      'households.unit',
      'households.room',
    ])
    .orderBy('persons.name')
    .orderBy('persons.id');
  return isTopScope(scope) ? select : select.where('persons.community_id', 'in', compoundIdsIn(db, scope));
}

type PersonRow = Awaited<ReturnType<ReturnType<typeof personsSelect>['execute']>>[number];

function toSummary(row: PersonRow): RosterPersonSummary {
  const address =
    row.building !== null && row.unit !== null && row.room !== null
      ? householdAddress({ building: row.building, unit: row.unit, room: row.room })
      : null;
  return { id: row.id, name: row.name, category: row.category, address, idMasked: row.id_masked };
}

export async function findPersonSummary(
  db: Kysely<Database>,
  personId: string,
  scope: Scope,
): Promise<RosterPersonSummary | null> {
  const row = await personsSelect(db, scope).where('persons.id', '=', personId).executeTakeFirst();
  return row ? toSummary(row) : null;
}

const SEARCH_LIMIT = 20;

/** `column LIKE pattern ESCAPE '\'`: SQLite has no default escape character, PostgreSQL's is the same backslash. */
function likeEscaped(column: 'persons.name' | 'persons.id_masked' | 'persons.phone', pattern: string) {
  return sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;
}

/**
 * The letter and digit groups of an address as staff type it — `3栋502`, `3-2-502`, `3 502`:
 * the last is the room, the first the building, a middle one the unit.
 */
export function addressTokens(text: string): string[] {
  return text.match(/[0-9A-Za-z]+/g) ?? [];
}

const digitsOf = (text: string) => text.match(/[0-9A-Za-z]+/g)?.join('') ?? '';

/** Whether a household is the one those groups name: the room exactly, building and unit by their numbers. */
export function householdMatches(
  tokens: readonly string[],
  household: { building: string; unit: string; room: string },
): boolean {
  const room = tokens.at(-1);
  if (room === undefined || digitsOf(household.room) !== room) return false;
  if (tokens.length >= 2 && digitsOf(household.building) !== tokens[0]) return false;
  if (tokens.length >= 3 && digitsOf(household.unit) !== tokens[1]) return false;
  return true;
}

/** Persons living at the address typed (`3栋502`), so staff can find a resident by where they live. */
async function personsAtAddress(db: Kysely<Database>, text: string, scope: Scope): Promise<PersonRow[]> {
  const tokens = addressTokens(text);
  // A lone group is a name part, an ID ending or a phone tail: the other searches cover it.
  if (tokens.length < 2 || tokens.length > 3) return [];
  const candidates = await db
    .selectFrom('households')
    .select(['id', 'building', 'unit', 'room'])
    .where('room', 'like', `%${tokens.at(-1)!}%`)
    .execute();
  const ids = candidates.filter((h) => householdMatches(tokens, h)).map((h) => h.id);
  if (ids.length === 0) return [];
  return personsSelect(db, scope).where('persons.household_id', 'in', ids).limit(SEARCH_LIMIT).execute();
}

/**
 * Roster persons whose name contains the text, whose masked ID number or phone ends with it, or
 * who live at the address it names.
 */
export async function searchPersons(db: Kysely<Database>, text: string, scope: Scope): Promise<RosterPersonSummary[]> {
  // LIKE wildcards in what the user typed are matched literally.
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await personsSelect(db, scope)
    .where((eb) =>
      eb.or([
        likeEscaped('persons.name', `%${escaped}%`),
        likeEscaped('persons.id_masked', `%${escaped}`),
        likeEscaped('persons.phone', `%${escaped}`),
      ]),
    )
    .limit(SEARCH_LIMIT)
    .execute();
  const byId = new Map([...(await personsAtAddress(db, text, scope)), ...rows].map((row) => [row.id, row]));
  return [...byId.values()].slice(0, SEARCH_LIMIT).map(toSummary);
}
