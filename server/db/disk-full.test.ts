import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { enrollDevice } from '../accounts/devices.ts';
import { buildApp } from '../app.ts';
import { generateServerKeys } from '../setup/keys.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { testDatabaseTarget } from '../../test/support/server-database.ts';
import { TEMPLATE_DATABASE } from '../../test/support/test-database-target.ts';
import { mountSmallDisk, type SmallDisk } from '../../test/support/small-disk.ts';
import { migrateToLatest } from './migrations.ts';
import { openPostgresDatabase, openSqliteDatabase } from './open-database.ts';
import type { Database } from './schema.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A database whose files live on a small disk of the test's own (PostgreSQL: a tablespace there). */
async function databaseOnSmallDisk(): Promise<{ db: Kysely<Database>; disk: SmallDisk }> {
  const target = testDatabaseTarget();
  if (target.kind === 'sqlite') {
    const disk = mountSmallDisk(8 * 1024 * 1024);
    cleanups.push(() => disk.unmount());
    const db = openSqliteDatabase(join(disk.dir, 'checkpoint.sqlite'));
    cleanups.push(() => db.destroy());
    const migrated = await migrateToLatest(db);
    if (!migrated.ok) throw new Error(migrated.reason);
    return { db, disk };
  }
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
  const disk = mountSmallDisk(48 * 1024 * 1024, { uid, gid });
  cleanups.push(() => disk.unmount());
  const name = `cp_full_${uuidv7().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: target.adminUrl });
  await admin.connect();
  // WAL stays in the cluster's own folder: only the tables and indexes run out of room, as when a
  // tablespace's disk fills.
  await admin.query(`CREATE TABLESPACE ${name} LOCATION '${disk.dir}'`);
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE} TABLESPACE ${name}`);
  cleanups.push(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`DROP TABLESPACE IF EXISTS ${name}`);
    await admin.end();
  });
  const url = new URL(target.adminUrl);
  url.pathname = `/${name}`;
  const db = openPostgresDatabase(url.toString(), { maxConnections: 2 });
  cleanups.push(() => db.destroy());
  return { db, disk };
}

describe("the server's disk full", () => {
  it('answers ingest 503 disk-full with nothing half-stored, and takes the same batch once space is back', async () => {
    const { db, disk } = await databaseOnSmallDisk();
    const communityId = uuidv7();
    const gateId = uuidv7();
    await db
      .insertInto('communities')
      .values({ id: communityId, name: '测试小区', roster_version: 1, created_at: new Date().toISOString() })
      .execute();
    await db.insertInto('gates').values({ id: gateId, community_id: communityId, name: '北门', note: null }).execute();
    const { deviceId, token } = await enrollDevice(db, { deviceId: 'gate-full-1', gateId, now: new Date().toISOString() });
    const app = await buildApp({ db, keys: generateServerKeys(), logger: false, consoleDir: tmpdir() });
    cleanups.push(() => app.close());
    const ingest = (entries: unknown[]) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/ingest',
        headers: { authorization: `Bearer ${token}` },
        payload: { batchId: uuidv7(), entries },
      });
    const batch = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        makeEntryRecord(
          { deviceId, gateId },
          {
            id: uuidv7(),
            flags: i % 7 === 0 ? ['fever'] : [],
            subject: { ...makeEntryRecord({ deviceId, gateId }).subject, name: `访客${i}`.padEnd(40, '甲') },
          },
        ),
      );
    const counts = async () => ({
      entries: Number(
        (
          await db
            .selectFrom('entries')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      flags: Number(
        (
          await db
            .selectFrom('entry_flags')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      figures: Number(
        (
          await db
            .selectFrom('daily_figures')
            .select((eb) => eb.fn.sum<number>('entries').as('n'))
            .executeTakeFirstOrThrow()
        ).n ?? 0,
      ),
    });

    expect((await ingest(batch(50))).statusCode).toBe(200);
    const before = await counts();
    expect(before.entries).toBe(50);

    disk.fill();
    const held = batch(500);
    const refused = await ingest(held);
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toMatchObject({ error: 'disk-full' });
    expect(refused.headers['retry-after']).toBe('60');
    expect(await counts()).toEqual(before);

    disk.free();
    const taken = await ingest(held);
    expect(taken.statusCode).toBe(200);
    expect(taken.json<{ results: { status: string }[] }>().results.every((r) => r.status === 'stored')).toBe(true);
    const after = await counts();
    expect(after.entries).toBe(550);
    expect(after.figures).toBe(550);
  });
});
