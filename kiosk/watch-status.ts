import { dayOfPeriod } from '../protocol/community-date.ts';
import type { EntryFlag, RosterSnapshot, WatchEntry, WatchKind } from '../protocol/index.ts';

export interface WatchStatus {
  entry: WatchEntry;
  /** Day N of the period, counting the start date as day 1 (returnees: since arrival). */
  day: number;
  /** Length of the period in days, when it has an end. */
  of: number | null;
}

/**
 * Kinds that keep a person in: going out raises an alert and is refused unless the guard records
 * a reason ("a close contact's family member wants to drive out").
 */
export const EXIT_BLOCKING: ReadonlySet<WatchKind> = new Set([
  'home-observation',
  'close-contact',
  'close-contact-household',
  'suspected-case',
]);

export const WATCH_FLAG: Record<WatchKind, EntryFlag> = {
  'home-observation': 'home-observation',
  'close-contact': 'close-contact',
  'close-contact-household': 'close-contact-household',
  'suspected-case': 'suspected-case',
  'fever-follow-up': 'fever-follow-up',
  returnee: 'returnee',
};

/** The watch entries in force today for a person or their household, most restrictive first. */
export function watchFor(
  personId: string | null,
  householdId: string | null,
  roster: RosterSnapshot | undefined,
  today: string,
): WatchStatus[] {
  if (!roster || (personId === null && householdId === null)) return [];
  return roster.watch
    .filter(
      (entry) =>
        (personId !== null && entry.personId === personId) ||
        (householdId !== null && entry.householdId === householdId && entry.personId === null),
    )
    .filter((entry) => entry.startDate <= today && (entry.endDate === null || entry.endDate >= today))
    .map((entry) => {
      const since =
        entry.kind === 'returnee' && entry.arrivalDate && entry.arrivalDate <= today ? entry.arrivalDate : entry.startDate;
      // The filter above keeps only periods that have started, so day N is never null here.
      return {
        entry,
        day: dayOfPeriod(since, today) ?? 1,
        of: entry.endDate === null ? null : dayOfPeriod(entry.startDate, entry.endDate),
      };
    })
    .sort((a, b) => Number(EXIT_BLOCKING.has(b.entry.kind)) - Number(EXIT_BLOCKING.has(a.entry.kind)));
}
