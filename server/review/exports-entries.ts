import type { Kysely } from 'kysely';
import type { EntryExportQuery } from '../../protocol/review-queries.ts';
import type { Database } from '../db/schema.ts';
import { filteredEntries, toEntryView } from './entry-views.ts';
import type { CsvRow } from './exports.ts';

const CHUNK = 1000;

export const ENTRY_CSV_HEADER: Record<'zh-CN' | 'en', readonly string[]> = {
  'zh-CN': ['记录编号', '时间', '出入口', '方向', '类别', '人员', '证件号', '最高体温', '测温方式', '结果', '标记'],
  en: [
    'Entry id',
    'Time',
    'Gate',
    'Direction',
    'Category',
    'Person',
    'ID no.',
    'Highest temp. (°C)',
    'Reading',
    'Decision',
    'Flags',
  ],
};

/** The filtered log as CSV rows, newest first, read in keyset chunks so memory stays flat. */
export async function* entryCsvRows(db: Kysely<Database>, filter: EntryExportQuery): AsyncGenerator<CsvRow> {
  let before: string | undefined;
  for (;;) {
    const rows = await filteredEntries(db, { ...filter, before })
      .limit(CHUNK)
      .execute();
    for (const row of rows) {
      const entry = toEntryView(row);
      yield [
        entry.id,
        entry.occurredAt,
        entry.gateName,
        entry.direction,
        entry.category,
        entry.personName,
        entry.idMasked,
        entry.highestReading?.valueC ?? null,
        entry.highestReading?.source ?? null,
        entry.decision,
        entry.flags.join(' '),
      ];
    }
    if (rows.length < CHUNK) return;
    before = rows.at(-1)?.id;
  }
}
