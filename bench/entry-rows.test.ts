import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../server/db/migrations.ts';
import { openSqliteDatabase } from '../server/db/open-database.ts';
import { ingestEntries } from '../server/gates/ingest.ts';
import { makeEntryRecord } from '../test/support/entry-record.ts';
import { entryRow, feverEventRow, FigureTally, flagRows } from './entry-rows.ts';

describe('entryRow', () => {
  it('is the row ingest stores, so the raw ceiling inserts what the server would', async () => {
    const db = openSqliteDatabase(':memory:');
    try {
      expect((await migrateToLatest(db)).ok).toBe(true);
      await db
        .insertInto('communities')
        .values({ id: 'c', name: 'c', roster_version: 1, created_at: '2026-11-25T00:00:00.000Z' })
        .execute();
      await db.insertInto('gates').values({ id: 'g', community_id: 'c', name: 'g', note: null }).execute();
      await db
        .insertInto('devices')
        .values({
          id: 'gate-1',
          gate_id: 'g',
          token_hash: 'h',
          enrolled_at: '2026-11-25T00:00:00.000Z',
          revoked_at: null,
          label: null,
          last_seen_at: null,
        })
        .execute();
      const record = makeEntryRecord({ deviceId: 'gate-1', gateId: 'g' }, { flags: ['fever', 'no-mask'] });
      const receivedAt = '2026-11-25T01:00:00.000Z';
      await ingestEntries(db, { id: 'gate-1', gateId: 'g', communityId: 'c' }, [record], receivedAt);
      expect(await db.selectFrom('entries').selectAll().executeTakeFirst()).toEqual(entryRow(record, receivedAt));
      const flags = await db.selectFrom('entry_flags').selectAll().orderBy('flag').execute();
      expect(flags).toEqual(flagRows(record).sort((a, b) => a.flag.localeCompare(b.flag)));
      const { id: _eventId, ...event } = await db.selectFrom('fever_events').selectAll().executeTakeFirstOrThrow();
      const { id: _ourId, ...ours } = feverEventRow(record, 'x')!;
      expect(event).toEqual(ours);
    } finally {
      await db.destroy();
    }
  });
});

describe('FigureTally', () => {
  it('sums hourly figures across batches as repeated ingests would', () => {
    const device = { deviceId: 'gate-1', gateId: 'g' };
    const tally = new FigureTally();
    tally.add([makeEntryRecord(device), makeEntryRecord(device, { decision: 'denied' })]);
    tally.add([makeEntryRecord(device, { flags: ['fever'] })]);
    expect(tally.rows()).toEqual([
      { gate_id: 'g', day: '2026-11-25', hour: 8, entries: 3, entries_in: 3, visitors: 3, vehicles: 0, fevers: 1, denied: 1 },
    ]);
  });
});
