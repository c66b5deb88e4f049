import type { Kysely, Migration } from 'kysely';

/**
 * Contact look-ups walk a gate's passages in a time window and leave out the source person's own.
 * With person_id in the gate index that walk reads the index alone instead of fetching every
 * passage's row. The old (gate_id, id desc) index is its prefix, so it goes.
 */
export const entriesGatePersonIndex: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('entries_gate_id_person').on('entries').columns(['gate_id', 'id desc', 'person_id']).execute();
    await db.schema.dropIndex('entries_gate_id_desc').execute();
  },
};
