import type { Kysely, Migration } from 'kysely';

/** The reasons as they stood when this migration was written (protocol/entry.ts AbandonReason). */
const REASONS = new Set(['cancelled', 'page-closed', 'shift-ended']);

/**
 * A fever event keeps why its screening was abandoned (the guard stopped it, the page closed, the
 * shift ended) — null when the screening ended in a decision — so the fever list says a fever case
 * was never decided at the gate (the kiosk writes one of these reasons on every abandoned entry). Events outlive purged entries, so the reason is copied now from the
 * abandoned entries still stored.
 */
export const feverEventAbandoned: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('fever_events').addColumn('abandon_reason', 'text').execute();
    const rows: { id: string; record: string }[] = await db
      .selectFrom('fever_events')
      .innerJoin('entries', 'entries.id', 'fever_events.entry_id')
      .select(['fever_events.id as id', 'entries.record as record'])
      .where('entries.decision', '=', 'abandoned')
      .execute();
    for (const row of rows) {
      const reason = (JSON.parse(row.record) as { reason: string | null }).reason;
      if (reason === null || !REASONS.has(reason)) continue;
      await db.updateTable('fever_events').set({ abandon_reason: reason }).where('id', '=', row.id).execute();
    }
  },
};
