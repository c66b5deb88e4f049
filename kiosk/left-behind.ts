import { z } from 'zod';
import {
  Direction,
  EntryFlag,
  MaskCheck,
  Reading,
  ScanPayload,
  SubjectCategory,
  VehicleLink,
  VisitorDetails,
} from '../protocol/index.ts';
import type { PersonScreening } from './screening.ts';

const IN_PROGRESS_KEY = 'checkpoint.in-progress';
const LEFT_BEHIND_KEY = 'checkpoint.left-behind';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** A screening as kept across a reload; what the guard was told about the scan is not needed to log it. */
const KeptScreening = z.object({
  startedAt: z.number(),
  scan: ScanPayload.nullable(),
  identity: z.object({
    category: SubjectCategory,
    personId: z.string().nullable(),
    name: z.string().nullable(),
    room: z.string().nullable(),
    idHash: z.string().nullable(),
    idMasked: z.string().nullable(),
    flags: z.array(EntryFlag),
  }),
  householdId: z.string().nullable(),
  visitor: VisitorDetails.nullable(),
  vehicle: VehicleLink.nullable(),
  direction: Direction,
  mask: MaskCheck,
  answers: z.record(z.string(), z.boolean()),
  readings: z.array(Reading),
  remeasureAfter: z.number().nullable(),
});

function read(store: Store, key: string): PersonScreening[] {
  const text = store.getItem(key);
  if (!text) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  const parsed = z.array(z.unknown()).safeParse(json);
  if (!parsed.success) return [];
  return parsed.data.flatMap((item) => {
    const kept = KeptScreening.safeParse(item);
    if (kept.success) return [{ ...kept.data, identity: { ...kept.data.identity, problem: null, problemDetail: null } }];
    console.warn(`an unfinished screening kept by the last page is unreadable: ${z.prettifyError(kept.error)}`);
    return [];
  });
}

/**
 * Who is on screen and who waits, written synchronously at every change (localStorage, not the
 * asynchronous journal): a reload or a crash a moment later still finds them.
 */
export function keepInProgress(store: Store, people: readonly PersonScreening[]): void {
  if (people.length === 0) store.removeItem(IN_PROGRESS_KEY);
  else store.setItem(IN_PROGRESS_KEY, JSON.stringify(people));
}

/**
 * At start-up: what the last page left on screen joins the screenings still to be logged as
 * abandoned, and answers them all. An unreadable item (a bug) is reported on the console: there is
 * nothing to log it from.
 */
export function takeLeftBehind(store: Store): PersonScreening[] {
  const left = [...read(store, LEFT_BEHIND_KEY), ...read(store, IN_PROGRESS_KEY)];
  store.removeItem(IN_PROGRESS_KEY);
  keepLeftBehind(store, left);
  return left;
}

/**
 * At start-up while nobody is on duty: whoever scanned before the reload and still waits for a
 * guard. Nobody was screening them, so the page closing ended nothing: they stay kept (the flow
 * keeps them again as it puts them back) and wait for the next guard.
 */
export function keptWaiting(store: Store): PersonScreening[] {
  return read(store, IN_PROGRESS_KEY);
}

/**
 * The screenings an earlier page left that could not be logged yet (nobody was signed in). Not what
 * this page has on screen: those are the guard's to finish.
 */
export function keptLeftBehind(store: Store): PersonScreening[] {
  return read(store, LEFT_BEHIND_KEY);
}

/** Keeps the screenings that could not be logged yet, for the next try. */
export function keepLeftBehind(store: Store, people: readonly PersonScreening[]): void {
  if (people.length === 0) store.removeItem(LEFT_BEHIND_KEY);
  else store.setItem(LEFT_BEHIND_KEY, JSON.stringify(people));
}
