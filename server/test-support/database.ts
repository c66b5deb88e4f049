import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { migrateToLatest } from '../db/migrations.ts';
import { openSqliteDatabase } from '../db/open-database.ts';
import type { Database } from '../db/schema.ts';
import { enrollDevice } from '../devices.ts';

export interface TestGate {
  db: Kysely<Database>;
  communityId: string;
  gateId: string;
  deviceId: string;
  deviceToken: string;
}

/** A migrated in-memory database with one community, one gate and one enrolled device. */
export async function openTestGate(): Promise<TestGate> {
  const db = openSqliteDatabase(':memory:');
  const migrated = await migrateToLatest(db);
  if (!migrated.ok) throw new Error(migrated.reason);
  const communityId = uuidv7();
  const gateId = uuidv7();
  await db.insertInto('communities').values({ id: communityId, name: '测试小区', roster_version: 1, created_at: new Date().toISOString() }).execute();
  await db.insertInto('gates').values({ id: gateId, community_id: communityId, name: '北门', note: null }).execute();
  const { deviceId, token } = await enrollDevice(db, { deviceId: 'gate-test-1', gateId, now: new Date().toISOString() });
  return { db, communityId, gateId, deviceId, deviceToken: token };
}
