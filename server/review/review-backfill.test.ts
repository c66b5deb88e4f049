import { Migrator, type Kysely, type Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../db/migrations.ts';
import { foundation } from '../db/migrations/0001-foundation.ts';
import { openSqliteDatabase } from '../db/open-database.ts';
import type { Database } from '../db/schema.ts';
import { listFeverEvents } from './fever-events.ts';
import { listFigures } from './figures.ts';
import { ingestEntries } from '../gates/ingest.ts';
import { testDatabaseKind } from '../../test/support/server-database.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { DEFAULT_TOP_SCOPE } from '../org/scope.ts';

let db: Kysely<Database>;
beforeEach(() => {
  db = openSqliteDatabase(':memory:');
});
afterEach(async () => {
  await db.destroy();
});

// Needs a database as it was before 0020; the PostgreSQL harness hands out migrated copies only.
describe.skipIf(testDatabaseKind() === 'postgres')('0023: entries stored before the review tables existed', () => {
  it('get their flags, fever events and figures once, and later batches are counted by ingest alone', async () => {
    const early: Record<string, Migration> = { '0001-foundation': foundation };
    const first = await new Migrator({ db, provider: { getMigrations: async () => early } }).migrateToLatest();
    expect(first.error).toBeUndefined();
    await db
      .insertInto('communities')
      .values({ id: 'c', name: '测试小区', roster_version: 1, created_at: '2026-11-01T00:00:00.000Z' })
      .execute();
    await db.insertInto('gates').values({ id: 'g', community_id: 'c', name: '北门', note: null }).execute();
    await db
      .insertInto('devices')
      .values({ id: 'd', gate_id: 'g', token_hash: 'h', enrolled_at: '2026-11-01T00:00:00.000Z', revoked_at: null })
      .execute();
    const old = [
      makeEntryRecord(
        { deviceId: 'd', gateId: 'g' },
        { occurredAt: '2026-11-20T08:10:00.000+08:00', flags: ['fever'], decision: 'referred' },
      ),
      makeEntryRecord({ deviceId: 'd', gateId: 'g' }, { occurredAt: '2026-11-20T08:20:00.000+08:00' }),
    ];
    // As the foundation's ingest wrote them: entries only.
    for (const record of old) {
      await db
        .insertInto('entries')
        .values({
          id: record.id,
          device_id: 'd',
          gate_id: 'g',
          occurred_at: record.occurredAt,
          received_at: '2026-11-20T00:30:00.000Z',
          direction: record.direction,
          category: record.subject.category,
          person_id: null,
          subject_name: record.subject.name,
          id_masked: null,
          highest_temp_c: null,
          highest_temp_source: null,
          decision: record.decision,
          flags: JSON.stringify(record.flags),
          record: JSON.stringify(record),
        })
        .execute();
    }

    const migrated = await migrateToLatest(db);
    expect(migrated.ok).toBe(true);
    await ingestEntries(
      db,
      { id: 'd', gateId: 'g', communityId: 'c' },
      [makeEntryRecord({ deviceId: 'd', gateId: 'g' }, { occurredAt: '2026-11-20T08:30:00.000+08:00' })],
      new Date().toISOString(),
    );

    expect(await listFigures(db, { from: '2026-11-20', to: '2026-11-20' }, DEFAULT_TOP_SCOPE)).toMatchObject([
      { hour: 8, entries: 3, fevers: 1 },
    ]);
    expect((await listFeverEvents(db, { limit: 10 }, DEFAULT_TOP_SCOPE)).map((e) => e.entryId)).toEqual([old[0]!.id]);
    expect(await db.selectFrom('entry_flags').select('entry_id').execute()).toEqual([{ entry_id: old[0]!.id }]);
  });
});
