import { CompiledQuery } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { openTestGate, testDatabaseKind, type TestGate } from '../../test/support/server-database.ts';
import { ingestEntries } from '../gates/ingest.ts';
import { filteredEntries } from '../review/entry-views.ts';
import { ensureEntryPartitions, listEntryPartitions } from './entry-partitions.ts';
import { purgeExpiredEntries } from './retention.ts';
import { DEFAULT_TOP_SCOPE } from '../org/scope.ts';

const DAY = 24 * 60 * 60_000;
// Well after the migration's legacy partition (everything before the template's next midnight),
// so the daily partitions are this test's own.
const base = Date.UTC(2027, 5, 15, 6);
const day = (offset: number) => new Date(base + offset * DAY);
const partitionOf = (at: Date) => `entries_p${at.toISOString().slice(0, 10).replaceAll('-', '')}`;

let gate: TestGate;
beforeEach(async () => {
  gate = await openTestGate();
});
afterEach(async () => {
  await gate.db.destroy();
});

/** A passage at `at` (its UUIDv7 says so), received at `receivedAt`. */
async function storeAt(at: Date, receivedAt: Date, flags: 'fever'[] = []): Promise<string> {
  const record = makeEntryRecord(gate, { id: uuidv7({ msecs: at.getTime() }), occurredAt: at.toISOString(), flags });
  const device = { id: gate.deviceId, gateId: gate.gateId, communityId: gate.communityId };
  const [result] = await ingestEntries(gate.db, device, [record], receivedAt.toISOString());
  expect(result).toMatchObject({ status: 'stored' });
  return record.id;
}

async function partitionHolding(id: string): Promise<string> {
  const { rows } = await gate.db.executeQuery<{ name: string }>(
    CompiledQuery.raw('select tableoid::regclass::text as name from entries where id = $1', [id]),
  );
  return rows[0]!.name;
}

describe.skipIf(testDatabaseKind() === 'sqlite')('entries partitioned by day on PostgreSQL', () => {
  it('makes daily partitions ahead once, and moves entries a gate dated ahead out of the default partition', async () => {
    const ahead = await storeAt(day(3), day(0), ['fever']);
    expect(await partitionHolding(ahead)).toBe('entries_default');

    const made = await ensureEntryPartitions(gate.db, day(0), 7);
    expect(made).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((d) => partitionOf(day(d))));
    expect(await ensureEntryPartitions(gate.db, day(0), 7)).toEqual([]);
    expect(await partitionHolding(ahead)).toBe(partitionOf(day(3)));
    const flags = await gate.db.selectFrom('entry_flags').select(['flag', 'entry_id']).execute();
    expect(flags).toEqual([{ flag: 'fever', entry_id: ahead }]);
    const partitions = await listEntryPartitions(gate.db);
    expect(partitions.at(-1)).toMatchObject({ name: 'entries_default', isDefault: true });

    const later = await storeAt(day(5), day(5));
    expect(await partitionHolding(later)).toBe(partitionOf(day(5)));
  });

  it('answers a day of the entry log from that day’s partition alone', async () => {
    await ensureEntryPartitions(gate.db, day(0), 7);
    const query = filteredEntries(
      gate.db,
      {
        gateId: gate.gateId,
        from: day(2).toISOString(),
        to: new Date(base + 2 * DAY + 3_600_000).toISOString(),
      },
      DEFAULT_TOP_SCOPE,
    )
      .limit(50)
      .compile();
    const { rows } = await gate.db.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain (costs off) ${query.sql}`, [...query.parameters]),
    );
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    const scanned = [...new Set(plan.match(/entries_(p\d{8}|legacy|default)/g))];
    expect(scanned).toEqual([partitionOf(day(2))]);
  });

  it('drops whole the days past retention, keeps a day with an entry received late, and keeps every daily figure', async () => {
    await ensureEntryPartitions(gate.db, day(-35), 40);
    const expired = [await storeAt(day(-30), day(-30), ['fever']), await storeAt(day(-30), day(-30))];
    const late = await storeAt(day(-33), day(-1));
    const recent = await storeAt(day(-2), day(-2), ['fever']);
    const figures = await gate.db.selectFrom('daily_figures').selectAll().orderBy('day').execute();

    const result = await purgeExpiredEntries(gate.db, { now: day(0), days: 28 });
    expect(result.partitionsDropped).toContain(partitionOf(day(-30)));
    expect(result.partitionsDropped).not.toContain(partitionOf(day(-33)));
    expect(result.deleted).toBe(expired.length);
    const names = (await listEntryPartitions(gate.db)).map((p) => p.name);
    expect(names).not.toContain(partitionOf(day(-30)));
    expect(names).toContain(partitionOf(day(-33)));
    expect(names).toContain(partitionOf(day(-27)));

    const left = await gate.db.selectFrom('entries').select('id').orderBy('id').execute();
    expect(left.map((row) => row.id)).toEqual([late, recent]);
    const flags = await gate.db.selectFrom('entry_flags').select('entry_id').execute();
    expect(flags.map((row) => row.entry_id)).toEqual([recent]);
    expect(await gate.db.selectFrom('daily_figures').selectAll().orderBy('day').execute()).toEqual(figures);
    const audit = await gate.db.selectFrom('audit_log').select('detail').where('action', '=', 'retention.purge').execute();
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ deleted: 2, partitionsDropped: result.partitionsDropped });
  });
});
