import type { Kysely } from 'kysely';
import type { EntryExportQuery } from '../../protocol/review-queries.ts';
import { decisionText, RECORD_WORDS, type RecordWords, type WordsLanguage } from '../../protocol/record-words.ts';
import type { ReadingView } from '../../protocol/review.ts';
import { zonedDateTime, zonedTime } from '../../protocol/zoned-time.ts';
import { DEFAULT_TIME_ZONE, gateTimeZones } from './community-time-zone.ts';
import type { Database } from '../db/schema.ts';
import { filteredEntries, toEntryView } from './entry-views.ts';
import type { Scope } from '../org/scope.ts';
import type { CsvRow } from './exports.ts';

const CHUNK = 1000;

export const ENTRY_CSV_HEADER: Record<WordsLanguage, readonly string[]> = {
  'zh-CN': ['记录编号', '时间', '出入口', '方向', '类别', '人员', '证件号', '体温 (°C)', '测温方式', '全部读数', '结果', '标记'],
  en: [
    'Entry id',
    'Time',
    'Gate',
    'Direction',
    'Category',
    'Person',
    'ID no.',
    'Temperature (°C)',
    'Measured by',
    'All readings',
    'Decision',
    'Flags',
  ],
};

/** `38.6 红外 08:01:02; 38.2 腋温 08:03:10 (判定)`: every reading, in the community's time, the deciding one marked. */
export function readingsText(readings: readonly ReadingView[], words: RecordWords, timeZone: string): string {
  return readings
    .map(
      (r) =>
        `${r.valueC.toFixed(1)} ${words.source[r.source]} ${zonedTime(r.at, timeZone).time}${r.decided ? ` (${words.decided})` : ''}`,
    )
    .join('; ');
}

/**
 * The filtered log as CSV rows, newest first, read in keyset chunks so memory stays flat: times on
 * the gate's community clock with the offset, codes in the language of the headers.
 */
export async function* entryCsvRows(
  db: Kysely<Database>,
  filter: EntryExportQuery,
  lang: WordsLanguage,
  scope: Scope,
): AsyncGenerator<CsvRow> {
  const words = RECORD_WORDS[lang];
  const zones = await gateTimeZones(db);
  let before: string | undefined;
  for (;;) {
    const rows = await filteredEntries(db, { ...filter, before }, scope)
      .limit(CHUNK)
      .execute();
    for (const row of rows) {
      const entry = toEntryView(row);
      const timeZone = zones.get(entry.gateId) ?? DEFAULT_TIME_ZONE;
      yield [
        entry.id,
        zonedDateTime(entry.occurredAt, timeZone),
        entry.gateName,
        words.direction[entry.direction],
        words.category[entry.category],
        entry.personName,
        entry.idMasked,
        entry.reading?.valueC ?? null,
        entry.reading ? words.source[entry.reading.source] : null,
        readingsText(entry.readings, words, timeZone),
        decisionText(lang, entry.decision, entry.abandonReason),
        entry.flags.map((flag) => words.flag[flag]).join(lang === 'zh-CN' ? '、' : ', '),
      ];
    }
    if (rows.length < CHUNK) return;
    before = rows.at(-1)?.id;
  }
}
