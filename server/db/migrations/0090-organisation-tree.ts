import type { Kysely, Migration } from 'kysely';

/** The default tree every install starts with; a single-compound server never needs another node. */
export const DEFAULT_DISTRICT_ID = 'org-district';
export const DEFAULT_STREET_ID = 'org-street';
export const DEFAULT_COMMUNITY_ID = 'org-community';

/**
 * The organisation tree: district → street office → community as rows of `org_nodes`, each with its
 * materialised path (`/org-district/org-street/…/`) so a subtree is one indexed prefix match on
 * either database. Compounds stay the `communities` rows (they own the roster, gates and devices)
 * and hang under a tree node; gates hang under their compound. Every compound and user lands in the
 * default tree by a column default, so an install that never heard of the tree keeps working: its
 * users sit at the top and see what they saw before.
 */
export const organisationTree: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('org_nodes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('parent_id', 'text', (c) => c.references('org_nodes.id'))
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('org_nodes_parent').on('org_nodes').column('parent_id').execute();
    const now = new Date().toISOString();
    await db
      .insertInto('org_nodes')
      .values([
        {
          id: DEFAULT_DISTRICT_ID,
          parent_id: null,
          level: 'district',
          name: '默认区',
          path: `/${DEFAULT_DISTRICT_ID}/`,
          created_at: now,
        },
        {
          id: DEFAULT_STREET_ID,
          parent_id: DEFAULT_DISTRICT_ID,
          level: 'street',
          name: '默认街道',
          path: `/${DEFAULT_DISTRICT_ID}/${DEFAULT_STREET_ID}/`,
          created_at: now,
        },
        {
          id: DEFAULT_COMMUNITY_ID,
          parent_id: DEFAULT_STREET_ID,
          level: 'community',
          name: '默认社区',
          path: `/${DEFAULT_DISTRICT_ID}/${DEFAULT_STREET_ID}/${DEFAULT_COMMUNITY_ID}/`,
          created_at: now,
        },
      ])
      .execute();
    // No REFERENCES on the two added columns: SQLite cannot add a foreign key column with a
    // non-null default, and the default is what lets old code paths keep working. Nodes are never
    // deleted, and the routes check a node exists before anything is placed under it.
    await db.schema
      .alterTable('communities')
      .addColumn('org_parent_id', 'text', (c) => c.notNull().defaultTo(DEFAULT_COMMUNITY_ID))
      .execute();
    await db.schema.createIndex('communities_org_parent').on('communities').column('org_parent_id').execute();
    await db.schema
      .alterTable('users')
      .addColumn('org_node_id', 'text', (c) => c.notNull().defaultTo(DEFAULT_DISTRICT_ID))
      .execute();
    await db.schema
      .alterTable('users')
      .addColumn('compound_id', 'text', (c) => c.references('communities.id'))
      .execute();
  },
};
