import type { Kysely, Migration } from 'kysely';

/**
 * What the roster snapshot carries beyond households and persons: floors and main gates,
 * vehicles, the watch list, visitor passes, versioned question sets and per-community rules.
 * Dates of watch periods and passes are the community's local calendar dates (`YYYY-MM-DD`
 * text sorts as dates do).
 */
export const rosterWatchRules: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('households').addColumn('floor', 'integer').execute();
    await db.schema
      .alterTable('gates')
      .addColumn('is_main', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('vehicles')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id'))
      .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
      .addColumn('plate', 'text', (c) => c.notNull())
      .addUniqueConstraint('vehicles_plate_unique', ['community_id', 'plate'])
      .execute();

    await db.schema
      .createTable('watch_entries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.references('persons.id'))
      .addColumn('household_id', 'text', (c) => c.references('households.id'))
      .addColumn('start_date', 'text', (c) => c.notNull())
      .addColumn('end_date', 'text')
      .addColumn('origin', 'text')
      .addColumn('arrival_date', 'text')
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('released_at', 'text')
      .execute();
    await db.schema.createIndex('watch_entries_community').on('watch_entries').columns(['community_id', 'released_at']).execute();

    await db.schema
      .createTable('visitor_passes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id'))
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('host_household_id', 'text', (c) => c.notNull().references('households.id'))
      .addColumn('valid_from', 'text', (c) => c.notNull())
      .addColumn('valid_until', 'text', (c) => c.notNull())
      .addColumn('vehicle_plate', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema
      .createIndex('visitor_passes_community')
      .on('visitor_passes')
      .columns(['community_id', 'valid_until'])
      .execute();

    await db.schema
      .createTable('question_sets')
      .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('questions', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('question_sets_pk', ['community_id', 'version'])
      .execute();

    await db.schema
      .createTable('screening_rules')
      .addColumn('community_id', 'text', (c) => c.primaryKey().references('communities.id'))
      .addColumn('fever_threshold_c', 'double precision', (c) => c.notNull())
      .addColumn('baseline_offset_c', 'double precision', (c) => c.notNull())
      .addColumn('home_observation_days', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
};
