import { communityDate } from '../protocol/community-date.ts';
import { zonedTime } from '../protocol/zoned-time.ts';
import type { Locale } from './messages.ts';

const DAY_MS = 86_400_000;

/** `+08:00` → ms ahead of UTC. */
function offsetMs(offset: string): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!match) return 0;
  const ms = (Number(match[2]) * 60 + Number(match[3])) * 60_000;
  return match[1] === '-' ? -ms : ms;
}

/**
 * The instant the community's day began, `days` days before the one containing `at`, whatever the
 * zone the gate PC's clock is set to: "today" at the gate is the community's today.
 */
export function communityDayStart(at: Date, timeZone: string, days = 0): Date {
  const wallMidnight = Date.parse(`${communityDate(at, timeZone)}T00:00:00Z`) - days * DAY_MS;
  const guess = wallMidnight - offsetMs(zonedTime(new Date(wallMidnight), timeZone).offset);
  // A change of offset (summer time) between the guess and the midnight moves it once more.
  return new Date(wallMidnight - offsetMs(zonedTime(new Date(guess), timeZone).offset));
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
