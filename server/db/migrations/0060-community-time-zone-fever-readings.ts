import type { Kysely, Migration } from 'kysely';

interface StoredReading {
  valueC: number;
  source: 'infrared' | 'axillary' | 'manual';
}

/** The rule as it stood when this migration was written (protocol/entry.ts decidingReading). */
function deciding(readings: readonly StoredReading[]): StoredReading | null {
  return readings.filter((r) => r.source === 'axillary').at(-1) ?? readings.filter((r) => r.source !== 'axillary').at(-1) ?? null;
}

/**
 * The community's time zone becomes a setting of the community (it was a constant), so figures,
 * exports and the console file days and hours by it whatever the server's clock zone. A fever
 * event keeps every reading of its entry, and its headline reading becomes the one that decided
 * (the axillary confirmation when taken), not the highest: events outlive purged entries, so the
 * readings are copied now from the entries still stored.
 */
export const communityTimeZoneFeverReadings: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('communities')
      .addColumn('time_zone', 'text', (col) => col.notNull().defaultTo('Asia/Shanghai'))
      .execute();
    await db.schema.alterTable('fever_events').addColumn('readings', 'text').execute();
    const rows: { id: string; record: string }[] = await db
      .selectFrom('fever_events')
      .innerJoin('entries', 'entries.id', 'fever_events.entry_id')
      .select(['fever_events.id as id', 'entries.record as record'])
      .execute();
    for (const row of rows) {
      const readings = (JSON.parse(row.record) as { readings: StoredReading[] }).readings;
      const decided = deciding(readings);
      await db
        .updateTable('fever_events')
        .set({ readings: JSON.stringify(readings), reading_c: decided?.valueC ?? null, reading_source: decided?.source ?? null })
        .where('id', '=', row.id)
        .execute();
    }
  },
};
