import type { Kysely, Migration } from 'kysely';

/**
 * Sign-in throttling by client address as well as by username: each failure keeps the address it
 * came from, and a lock names what it holds back (a username from one address, an address, or a
 * username from everywhere). The old per-username lock table goes; the failures it counted are
 * short-lived and are dropped with it.
 */
export const signInByAddress: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.dropTable('login_locks').execute();
    await db.schema.dropTable('login_failures').execute();
    await db.schema
      .createTable('sign_in_failures')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sign_in_failures_username_at').on('sign_in_failures').columns(['username', 'at']).execute();
    await db.schema.createIndex('sign_in_failures_address_at').on('sign_in_failures').columns(['address', 'at']).execute();
    await db.schema
      .createTable('sign_in_locks')
      .addColumn('lock_key', 'text', (c) => c.primaryKey())
      .addColumn('locked_until', 'text', (c) => c.notNull())
      .execute();
  },
};
