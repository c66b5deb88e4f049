import type { Kysely, Migration } from 'kysely';

/**
 * What each level of the tree is called on this server, in both languages. One row per level that
 * an administrator renamed; a level without a row keeps its default name (DEFAULT_LEVEL_NAMES).
 */
export const orgLevelNames: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('org_level_names')
      .addColumn('level', 'text', (c) => c.primaryKey())
      .addColumn('name_zh', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
};
