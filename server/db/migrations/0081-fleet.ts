import type { Kysely, Migration } from 'kysely';

/**
 * The fleet view: each gate device's latest heartbeat report (protocol/fleet.ts) with the clock
 * offset measured on arrival, a day of its backlog samples (to see a backlog grow), the protocol it
 * speaks and the server's last refusal; each gate's opening hours (a gate silent while closed is
 * no alarm).
 */
export const fleet: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('gate_reports')
      .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id').onDelete('cascade'))
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('clock_offset_ms', 'double precision', (c) => c.notNull())
      .addColumn('report', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('gate_backlog_samples')
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('unsent', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('gate_backlog_samples_device_at')
      .on('gate_backlog_samples')
      .columns(['device_id', 'at'])
      .execute();
    await db.schema.alterTable('devices').addColumn('protocol_version', 'integer').execute();
    await db.schema.alterTable('devices').addColumn('refused_at', 'text').execute();
    await db.schema.alterTable('devices').addColumn('refused_reason', 'text').execute();
    await db.schema.alterTable('gates').addColumn('opening_hours', 'text').execute();
  },
};
