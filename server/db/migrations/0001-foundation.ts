import type { Kysely, Migration } from 'kysely';

/** Communities, roster, gates and devices, entries, users, sessions and the audit log. */
export const foundation: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('communities')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('roster_version', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('households')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id'))
      .addColumn('building', 'text', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('room', 'text', (c) => c.notNull())
      .addUniqueConstraint('households_address_unique', ['community_id', 'building', 'unit', 'room'])
      .execute();

    await db.schema
      .createTable('persons')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id'))
      .addColumn('household_id', 'text', (c) => c.references('households.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('phone', 'text')
      .addColumn('id_hash', 'text')
      .addColumn('id_masked', 'text')
      .execute();
    await db.schema.createIndex('persons_community').on('persons').column('community_id').execute();
    await db.schema.createIndex('persons_id_hash').on('persons').column('id_hash').execute();

    await db.schema
      .createTable('gates')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .execute();

    await db.schema
      .createTable('devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('gate_id', 'text', (c) => c.notNull().references('gates.id'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('enrolled_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();

    await db.schema
      .createTable('entries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
      .addColumn('gate_id', 'text', (c) => c.notNull().references('gates.id'))
      .addColumn('occurred_at', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      // No foreign key: a kiosk may name a person from an older roster, and that record must still be stored.
      .addColumn('person_id', 'text')
      .addColumn('subject_name', 'text')
      .addColumn('id_masked', 'text')
      .addColumn('highest_temp_c', 'double precision')
      .addColumn('highest_temp_source', 'text')
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('flags', 'text', (c) => c.notNull())
      .addColumn('record', 'text', (c) => c.notNull())
      .execute();
    // UUIDv7 ids sort by creation time, so newest-first listing and keyset paging walk these indexes.
    await db.schema.createIndex('entries_gate_id_desc').on('entries').columns(['gate_id', 'id desc']).execute();
    await db.schema.createIndex('entries_person_id_desc').on('entries').columns(['person_id', 'id desc']).execute();
    await db.schema.createIndex('entries_received_at').on('entries').column('received_at').execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.references('users.id'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  },
};
