import type { Kysely, Migration } from 'kysely';

/**
 * Accounts and devices: users can be disabled (kept for the audit trail, never deleted), devices
 * carry a label and when they were last seen, sign-in failures are stored so a restart keeps a
 * lockout, and a settings table holds what an admin may change at run time (retention days).
 */
export const accountsDevices: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute();
    await db.schema.alterTable('devices').addColumn('label', 'text').execute();
    await db.schema.alterTable('devices').addColumn('last_seen_at', 'text').execute();
    await db.schema.createIndex('devices_gate').on('devices').column('gate_id').execute();

    await db.schema
      .createTable('login_failures')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('login_failures_username_at').on('login_failures').columns(['username', 'at']).execute();

    await db.schema
      .createTable('login_locks')
      .addColumn('username', 'text', (c) => c.primaryKey())
      .addColumn('locked_until', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('settings')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
};
