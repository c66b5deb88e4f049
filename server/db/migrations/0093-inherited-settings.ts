import type { Kysely, Migration } from 'kysely';

/**
 * Screening rules and questions set at a community or street node, inherited by the compounds
 * below. A compound keeps its own copy (so the gate's snapshot, the watch periods and the review
 * of answered questions read one place, and question versions stay the compound's own), marked
 * with the node it came from; `inherited_from` null means the compound's staff set it themselves.
 */
export const inheritedSettings: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('node_screening_rules')
      .addColumn('node_id', 'text', (c) => c.primaryKey().references('org_nodes.id'))
      .addColumn('fever_threshold_c', 'double precision', (c) => c.notNull())
      .addColumn('baseline_offset_c', 'double precision', (c) => c.notNull())
      .addColumn('home_observation_days', 'integer', (c) => c.notNull())
      .addColumn('goal_fever_c', 'double precision')
      .addColumn('goal_find_share', 'double precision')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('node_question_sets')
      .addColumn('node_id', 'text', (c) => c.notNull().references('org_nodes.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('questions', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('node_question_sets_pk', ['node_id', 'version'])
      .execute();
    await db.schema.alterTable('screening_rules').addColumn('inherited_from', 'text').execute();
    await db.schema.alterTable('question_sets').addColumn('inherited_from', 'text').execute();
  },
};
