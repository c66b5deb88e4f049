import type { Kysely, Migration } from 'kysely';

/**
 * Review: entry flags as rows (a flag filter walks an index instead of parsing JSON), fever events
 * with their follow-up steps, and hourly figures per gate that outlive the retention purge.
 */
export const review: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('entry_flags')
      .addColumn('flag', 'text', (c) => c.notNull())
      // The purge deletes entries; their flag rows go with them.
      .addColumn('entry_id', 'text', (c) => c.notNull().references('entries.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('entry_flags_pk', ['flag', 'entry_id'])
      .execute();
    await db.schema.createIndex('entry_flags_entry').on('entry_flags').column('entry_id').execute();

    // No foreign key to entries: a fever case stays under follow-up after the purge removes its entry.
    await db.schema
      .createTable('fever_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('entry_id', 'text', (c) => c.notNull().unique())
      .addColumn('gate_id', 'text', (c) => c.notNull().references('gates.id'))
      .addColumn('occurred_at', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text')
      .addColumn('subject_name', 'text')
      .addColumn('id_masked', 'text')
      .addColumn('reading_c', 'double precision')
      .addColumn('reading_source', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('closed_at', 'text')
      .execute();
    await db.schema.createIndex('fever_events_status_id').on('fever_events').columns(['status', 'id']).execute();

    await db.schema
      .createTable('fever_follow_ups')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('event_id', 'text', (c) => c.notNull().references('fever_events.id'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.references('users.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      /** The step as entered, JSON (FeverFollowUpInput). */
      .addColumn('step', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('fever_follow_ups_event').on('fever_follow_ups').columns(['event_id', 'id']).execute();

    await db.schema
      .createTable('daily_figures')
      .addColumn('gate_id', 'text', (c) => c.notNull().references('gates.id'))
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('hour', 'integer', (c) => c.notNull())
      .addColumn('entries', 'integer', (c) => c.notNull())
      .addColumn('visitors', 'integer', (c) => c.notNull())
      .addColumn('vehicles', 'integer', (c) => c.notNull())
      .addColumn('fevers', 'integer', (c) => c.notNull())
      .addColumn('denied', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('daily_figures_pk', ['day', 'gate_id', 'hour'])
      .execute();
  },
};
