import { localDate } from './watch-status.ts';
import type { Locale } from './messages.ts';

/** The roster's own default: a roster without a zone is a Chinese community's. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const DAY_MS = 86_400_000;

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function zoneOffsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * The instant the community's day began, `days` days before the one containing `at`, whatever the
 * zone the gate PC's clock is set to: "today" at the gate is the community's today.
 */
export function communityDayStart(at: Date, timeZone: string, days = 0): Date {
  const date = localDate(at, timeZone);
  const wallMidnight = Date.parse(`${date}T00:00:00Z`) - days * DAY_MS;
  const guess = wallMidnight - zoneOffsetMs(wallMidnight, timeZone);
  // A change of offset (summer time) between the guess and the midnight moves it once more.
  return new Date(wallMidnight - zoneOffsetMs(guess, timeZone));
}

/** A time of day as the community's clock shows it. */
export function communityClock(iso: string, locale: Locale, timeZone: string, withSeconds = false): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/** A date and time as the community's clock shows them. */
export function communityDateTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' }).format(
    new Date(iso),
  );
}
