import { zonedTime } from '../../../protocol/zoned-time.ts';
import type { Language } from '../i18n/language.ts';
import { communityTimeZone } from './community-time.ts';

/**
 * An instant on the community's clock, 24-hour, the same width on every row in both languages
 * (`2026-11-25 05:50`); passages to the second; `timeOnly` for readings beside their passage.
 */
export function formatInstant(iso: string, _language: Language, options: { seconds?: boolean; timeOnly?: boolean } = {}): string {
  const t = zonedTime(iso, communityTimeZone());
  const time = options.seconds ? t.time : t.time.slice(0, 5);
  return options.timeOnly ? time : `${t.date} ${time}`;
}
