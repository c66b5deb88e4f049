import { sql, type Kysely, type Migration } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { EntryRecord } from '../../../protocol/entry.ts';

const CHUNK = 500;

/**
 * What the ingest hook kept beside each record when this migration was written, frozen here: a
 * migration must not follow later changes of the live code (0060 adds columns this one cannot see).
 */
async function keepReviewRows(db: Kysely<any>, records: readonly EntryRecord[]): Promise<void> {
  const flags = records.flatMap((record) => [...new Set(record.flags)].map((flag) => ({ flag, entry_id: record.id })));
  for (let start = 0; start < flags.length; start += 400)
    await db
      .insertInto('entry_flags')
      .values(flags.slice(start, start + 400))
      .execute();
  for (const record of records) {
    if (record.flags.includes('fever')) {
      const highest = record.readings.reduce<EntryRecord['readings'][number] | null>(
        (best, r) => (best === null || r.valueC > best.valueC ? r : best),
        null,
      );
      await db
        .insertInto('fever_events')
        .values({
          id: uuidv7(),
          entry_id: record.id,
          gate_id: record.gateId,
          occurred_at: record.occurredAt,
          category: record.subject.category,
          person_id: record.subject.personId,
          subject_name: record.subject.name,
          id_masked: record.subject.idMasked,
          reading_c: highest?.valueC ?? null,
          reading_source: highest?.source ?? null,
          status: 'open',
          closed_at: null,
        })
        .onConflict((oc) => oc.column('entry_id').doNothing())
        .execute();
    }
    const row = {
      gate_id: record.gateId,
      day: record.occurredAt.slice(0, 10),
      hour: Number(record.occurredAt.slice(11, 13)),
      entries: 1,
      visitors: record.subject.category === 'visitor' ? 1 : 0,
      vehicles: record.vehicle?.role === 'driver' ? 1 : 0,
      fevers: record.flags.includes('fever') ? 1 : 0,
      denied: record.decision === 'denied' ? 1 : 0,
    };
    await db
      .insertInto('daily_figures')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['day', 'gate_id', 'hour']).doUpdateSet({
          entries: sql`daily_figures.entries + excluded.entries`,
          visitors: sql`daily_figures.visitors + excluded.visitors`,
          vehicles: sql`daily_figures.vehicles + excluded.vehicles`,
          fevers: sql`daily_figures.fevers + excluded.fevers`,
          denied: sql`daily_figures.denied + excluded.denied`,
        }),
      )
      .execute();
  }
}

/**
 * Entries stored before 0020 ran never went through the ingest hook: give them their flag rows,
 * fever events and hourly figures. "Before" is the migration's own timestamp against the server's
 * received_at, so entries the hook already counted are not counted again (migrations run before
 * the server listens, so no batch arrives in between).
 */
export const reviewBackfill: Migration = {
  async up(db: Kysely<any>) {
    const ran: { timestamp: string } | undefined = await db
      .selectFrom('kysely_migration')
      .select('timestamp')
      .where('name', '=', '0020-review')
      .executeTakeFirst();
    if (!ran) return;
    let after = '';
    for (;;) {
      const rows: { id: string; record: string }[] = await db
        .selectFrom('entries')
        .select(['id', 'record'])
        .where('received_at', '<', ran.timestamp)
        .where('id', '>', after)
        .orderBy('id')
        .limit(CHUNK)
        .execute();
      if (rows.length === 0) return;
      // A record that no longer reads as an EntryRecord stays as it is: it is still in the log, only not counted.
      const records = rows.flatMap((row) => {
        const parsed = EntryRecord.safeParse(JSON.parse(row.record));
        return parsed.success ? [parsed.data] : [];
      });
      await keepReviewRows(db, records);
      after = rows.at(-1)!.id;
    }
  },
};
