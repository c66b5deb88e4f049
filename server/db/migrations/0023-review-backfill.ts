import type { Kysely, Migration } from 'kysely';
import { EntryRecord } from '../../../protocol/entry.ts';
import { onEntriesStored } from '../../review/entries-stored.ts';
import type { Database } from '../schema.ts';

const CHUNK = 500;

/**
 * Entries stored before 0020 ran never went through the ingest hook: give them their flag rows,
 * fever events and hourly figures. "Before" is the migration's own timestamp against the server's
 * received_at, so entries the hook already counted are not counted again (migrations run before
 * the server listens, so no batch arrives in between).
 */
export const reviewBackfill: Migration = {
  async up(db: Kysely<any>) {
    const typed = db as Kysely<Database & { kysely_migration: { name: string; timestamp: string } }>;
    const ran = await typed
      .selectFrom('kysely_migration')
      .select('timestamp')
      .where('name', '=', '0020-review')
      .executeTakeFirst();
    if (!ran) return;
    let after = '';
    for (;;) {
      const rows = await typed
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
      await onEntriesStored(db as Kysely<Database>, records);
      after = rows.at(-1)!.id;
    }
  },
};
