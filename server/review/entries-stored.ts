import type { Kysely } from 'kysely';
import type { EntryRecord } from '../../protocol/entry.ts';
import type { Database } from '../db/schema.ts';
import { openFeverEvents } from './fever-events.ts';
import { addFigures } from './figures.ts';

/**
 * What review keeps beside each newly stored record: its flags as indexed rows, a fever event for
 * a fever, and the hourly figures. Ingest calls this once per batch inside its transaction, with
 * only the records it stored (never duplicates), so nothing is counted twice.
 */
export async function onEntriesStored(db: Kysely<Database>, records: readonly EntryRecord[]): Promise<void> {
  if (records.length === 0) return;
  const flags = records.flatMap((record) => [...new Set(record.flags)].map((flag) => ({ flag, entry_id: record.id })));
  // Chunked so a batch of many flagged records stays under SQLite's bound-parameter limit.
  for (let start = 0; start < flags.length; start += 400) {
    await db
      .insertInto('entry_flags')
      .values(flags.slice(start, start + 400))
      .execute();
  }
  await openFeverEvents(db, records);
  await addFigures(db, records);
}
