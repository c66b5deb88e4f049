import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../../server/db/migrations.ts';
import { openPostgresDatabase } from '../../server/db/open-database.ts';
import { startPostgresCluster } from './postgres-cluster.ts';
import { TEMPLATE_DATABASE } from './test-database-target.ts';

/**
 * Vitest globalSetup of the `server-postgres` project: one throwaway cluster for the whole run,
 * with a migrated template database that every test database is copied from (a copy is much
 * quicker than running every migration again for each test).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPostgresCluster();
  try {
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    await admin.end();
    const template = openPostgresDatabase(cluster.urlFor(TEMPLATE_DATABASE), { maxConnections: 1 });
    const migrated = await migrateToLatest(template);
    await template.destroy();
    if (!migrated.ok) throw new Error(`migrations fail on PostgreSQL: ${migrated.reason}`);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  project.provide('testDatabase', { kind: 'postgres', adminUrl: cluster.adminUrl });
  return () => cluster.stop();
}
