import { zonedTime } from '../../../protocol/zoned-time.ts';
import type { Language } from '../i18n/language.ts';
import { severalZones, zoneOf } from './community-time.ts';

export interface InstantOptions {
  seconds?: boolean;
  timeOnly?: boolean;
  /** The row's gate or compound: it is shown on that compound's clock. */
  gateId?: string | undefined;
  compoundId?: string | undefined;
}

/**
 * An instant on its compound's clock, 24-hour, the same width on every row in both languages
 * (`2026-11-25 05:50`); passages to the second; `timeOnly` for readings beside their passage. When
 * the compounds in view keep different zones, the offset follows (`05:50 +06:00`).
 */
export function formatInstant(iso: string, _language: Language, options: InstantOptions = {}): string {
  const t = zonedTime(iso, zoneOf(options));
  const time = options.seconds ? t.time : t.time.slice(0, 5);
  const shown = options.timeOnly ? time : `${t.date} ${time}`;
  return severalZones() ? `${shown} ${t.offset}` : shown;
}
