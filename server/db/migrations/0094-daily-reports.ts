import type { Kysely, Migration } from 'kysely';

/**
 * A community's daily report, one row per signed version. Signing freezes the figures of the day
 * into the row; submitting marks that one row as sent up, once. A correction after submission is
 * a new version: no row's figures, note or signature is ever changed, so every version stays
 * readable as it was signed. `deadline_at` is the deadline in force when the version was
 * submitted, kept so lateness does not change when a deadline setting does.
 *
 * `report_deadlines`: when a day's report falls due, set at a district, street or community node
 * for the communities below it (the nearest node wins; no row anywhere: 10:00 the next day).
 */
export const dailyReports: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('daily_reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('community_node_id', 'text', (c) => c.notNull().references('org_nodes.id'))
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('figures', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('signed_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('signed_at', 'text', (c) => c.notNull())
      .addColumn('submitted_by', 'text', (c) => c.references('users.id'))
      .addColumn('submitted_at', 'text')
      .addColumn('deadline_at', 'text')
      .addUniqueConstraint('daily_reports_version', ['community_node_id', 'day', 'version'])
      .execute();
    await db.schema.createIndex('daily_reports_day').on('daily_reports').columns(['day', 'community_node_id']).execute();
    await db.schema
      .createTable('report_deadlines')
      .addColumn('node_id', 'text', (c) => c.primaryKey().references('org_nodes.id'))
      .addColumn('days_after', 'integer', (c) => c.notNull())
      .addColumn('at_time', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.references('users.id'))
      .execute();
  },
};
