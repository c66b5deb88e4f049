import type { EntryRecord } from '../protocol/entry.ts';
import type { DailyFiguresTable, EntriesTable, EntryFlagsTable } from '../server/db/schema.ts';
import { DEFAULT_TIME_ZONE } from '../server/review/community-time-zone.ts';
import { tallyFigures } from '../server/review/figures.ts';

/**
 * The rows the server keeps for a stored record, written straight into the database by the bench
 * (the raw insert ceiling, and the generated review data): the server's own row builder, so the
 * bench's rows cannot drift from what ingest stores.
 */
export { entryRow } from '../server/gates/ingest.ts';
export { feverEventRow } from '../server/review/fever-events.ts';

export const ENTRY_COLUMNS = [
  'id',
  'device_id',
  'gate_id',
  'occurred_at',
  'received_at',
  'direction',
  'category',
  'person_id',
  'subject_name',
  'id_masked',
  'highest_temp_c',
  'highest_temp_source',
  'decision',
  'flags',
  'record',
] as const satisfies readonly (keyof EntriesTable)[];

export function flagRows(record: EntryRecord): EntryFlagsTable[] {
  return [...new Set(record.flags)].map((flag) => ({ flag, entry_id: record.id }));
}

/** Hourly figures summed over any number of records (the server adds them batch by batch). */
export class FigureTally {
  readonly #rows = new Map<string, DailyFiguresTable>();

  add(records: readonly EntryRecord[]): void {
    for (const row of tallyFigures(records, () => DEFAULT_TIME_ZONE)) {
      const key = `${row.gate_id}|${row.day}|${row.hour}`;
      const seen = this.#rows.get(key);
      if (!seen) this.#rows.set(key, row);
      else {
        for (const field of ['entries', 'visitors', 'vehicles', 'fevers', 'denied'] as const) seen[field] += row[field];
        seen.entries_in = (seen.entries_in ?? 0) + (row.entries_in ?? 0);
      }
    }
  }

  rows(): DailyFiguresTable[] {
    return [...this.#rows.values()];
  }
}
