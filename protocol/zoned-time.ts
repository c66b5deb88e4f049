/**
 * Wall-clock time in a community's own zone, whatever the clock zone of the machine doing the
 * sums: a passage at 05:50 Beijing time is on its own day and in hour 5 on a UTC server too.
 */
export interface ZonedTime {
  /** `YYYY-MM-DD` */
  date: string;
  /** `HH:MM:SS` */
  time: string;
  hour: number;
  /** `+08:00` */
  offset: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function zonedTime(at: Date | string, timeZone: string): ZonedTime {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(typeof at === 'string' ? new Date(at) : at)
      .map((part) => [part.type, part.value]),
  );
  // `GMT+08:00`, or plain `GMT` for UTC itself.
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}:${parts.second}`,
    hour: Number(parts.hour),
    offset,
  };
}

/** `2026-11-25 05:50:00 +08:00`: what an export shows, readable and unambiguous. */
export function zonedDateTime(at: Date | string, timeZone: string): string {
  const t = zonedTime(at, timeZone);
  return `${t.date} ${t.time} ${t.offset}`;
}

function offsetMinutes(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number);
  return sign * ((hours ?? 0) * 60 + (minutes ?? 0));
}

/** The instant a wall-clock `date` `HH:MM` falls on in a zone (a time skipped by a clock change reads as after it). */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const wall = Date.parse(`${date}T${time}:00Z`);
  // The zone's offset at a first guess, then at the instant it gives: the two differ only across a clock change.
  const first = wall - offsetMinutes(zonedTime(new Date(wall), timeZone).offset) * 60_000;
  return new Date(wall - offsetMinutes(zonedTime(new Date(first), timeZone).offset) * 60_000);
}
