import { sql, type Kysely } from 'kysely';
import type { RosterPersonSummary } from '../../protocol/review-queries.ts';
import type { Database } from '../db/schema.ts';

export function householdAddress(household: { building: string; unit: string; room: string }): string {
  return `${household.building}-${household.unit}-${household.room}`;
}

function personsSelect(db: Kysely<Database>) {
  return db
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
}

type PersonRow = Awaited<ReturnType<ReturnType<typeof personsSelect>['execute']>>[number];

function toSummary(row: PersonRow): RosterPersonSummary {
  const address =
    row.building !== null && row.unit !== null && row.room !== null
      ? householdAddress({ building: row.building, unit: row.unit, room: row.room })
      : null;
  return { id: row.id, name: row.name, category: row.category, address, idMasked: row.id_masked };
}

export async function findPersonSummary(db: Kysely<Database>, personId: string): Promise<RosterPersonSummary | null> {
  const row = await personsSelect(db).where('persons.id', '=', personId).executeTakeFirst();
  return row ? toSummary(row) : null;
}

const SEARCH_LIMIT = 20;

/** `column LIKE pattern ESCAPE '\'`: SQLite has no default escape character, PostgreSQL's is the same backslash. */
function likeEscaped(column: 'persons.name' | 'persons.id_masked' | 'persons.phone', pattern: string) {
  return sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;
}

/** Roster persons whose name contains the text, or whose masked ID number or phone ends with it. */
export async function searchPersons(db: Kysely<Database>, text: string): Promise<RosterPersonSummary[]> {
  // LIKE wildcards in what the user typed are matched literally.
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await personsSelect(db)
    .where((eb) =>
      eb.or([
        likeEscaped('persons.name', `%${escaped}%`),
        likeEscaped('persons.id_masked', `%${escaped}`),
        likeEscaped('persons.phone', `%${escaped}`),
      ]),
    )
    .limit(SEARCH_LIMIT)
    .execute();
  return rows.map(toSummary);
}
