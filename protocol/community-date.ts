/**
 * Watch periods and visitor passes are calendar dates in the community's own time zone: a pass
 * "valid until 12-01" must still work at 07:30 Beijing time, which is 23:30 UTC the day before.
 * The server, the console and the kiosk read dates by these rules, so they agree on "today".
 */
export const COMMUNITY_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD` of the instant in the community's time zone (the roster names it; Beijing by default). */
export function communityDate(at: Date, timeZone: string = COMMUNITY_TIME_ZONE): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(at);
}

/** The calendar date `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Day N of a period starting on `start` (1 on the start date), or null before it starts. */
export function dayOfPeriod(start: string, today: string): number | null {
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000);
  return days < 0 ? null : days + 1;
}
