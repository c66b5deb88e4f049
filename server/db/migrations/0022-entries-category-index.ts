import type { Kysely, Migration } from 'kysely';

/**
 * The log's category filter: without an index, asking for a rare category (couriers, unknown)
 * walks every entry before it finds a page. Ending in id keeps the newest-first keyset paging.
 */
export const entriesCategoryIndex: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('entries_category_id_desc').on('entries').columns(['category', 'id desc']).execute();
  },
};
