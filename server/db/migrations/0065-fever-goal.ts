import type { Kysely, Migration } from 'kysely';

/**
 * The community states what it wants its screens to find (protocol/fever-goal.ts): a share of fevers
 * of a given armpit temperature or more. Both null: a fixed margin above the baseline instead.
 * Communities that had rules keep the goal their kiosks already ran with, the default.
 */
export const feverGoal: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('screening_rules').addColumn('goal_fever_c', 'double precision').execute();
    await db.schema.alterTable('screening_rules').addColumn('goal_find_share', 'double precision').execute();
    await db.updateTable('screening_rules').set({ goal_fever_c: 37.7, goal_find_share: 0.95 }).execute();
  },
};
