import type { Kysely, Migration } from 'kysely';

/** Confirmed cases: the dated facts the epidemic-free check counts 14 days from. */
export const confirmedCases: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('confirmed_cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id'))
      .addColumn('person_id', 'text', (c) => c.references('persons.id'))
      .addColumn('household_id', 'text', (c) => c.references('households.id'))
      .addColumn('confirmed_on', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.references('users.id'))
      .execute();
    await db.schema
      .createIndex('confirmed_cases_community')
      .on('confirmed_cases')
      .columns(['community_id', 'confirmed_on'])
      .execute();
  },
};
