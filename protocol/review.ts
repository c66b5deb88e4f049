import { z } from 'zod';
import { EntryId, Instant } from './common.ts';
import { ScopeView } from './org.ts';
import { AbandonReason, Decision, Direction, EntryFlag, Reading, ReadingSource, SubjectCategory } from './entry.ts';

export const UserRole = z.enum(['guard', 'property', 'community', 'admin']);
export type UserRole = z.infer<typeof UserRole>;

/** Body of `POST /api/v1/session`. */
export const LoginRequest = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** Who is signed in: the answer of `POST` and `GET /api/v1/session`. */
export const SessionUser = z.object({ username: z.string(), role: UserRole, scope: ScopeView });
export type SessionUser = z.infer<typeof SessionUser>;

/** A reading as the console lists it: the record's reading and whether it is the one that decided. */
export const ReadingView = Reading.extend({ decided: z.boolean() });
export type ReadingView = z.infer<typeof ReadingView>;

/** One row of the review console's entry log: the stored record plus names joined from the roster. */
export const EntryView = z.object({
  id: EntryId,
  occurredAt: Instant,
  receivedAt: Instant,
  gateId: z.string(),
  gateName: z.string(),
  deviceId: z.string(),
  direction: Direction,
  category: SubjectCategory,
  personId: z.string().nullable(),
  /** The roster name where the person is known, else the name registered at the gate. */
  personName: z.string().nullable(),
  idMasked: z.string().nullable(),
  /** The reading that decided (see decidingReading in entry.ts): what the guard was shown. */
  reading: z.object({ valueC: z.number(), source: ReadingSource }).nullable(),
  /** Every reading of the passage in the order taken, the deciding one marked. */
  readings: z.array(ReadingView),
  decision: Decision,
  /** Why an abandoned screening was not finished; null when it ended in a decision. */
  abandonReason: AbandonReason.nullable(),
  flags: z.array(EntryFlag),
});
export type EntryView = z.infer<typeof EntryView>;

/** Answer of `GET /api/v1/entries`, newest first. */
export const EntryListResponse = z.object({ entries: z.array(EntryView) });
export type EntryListResponse = z.infer<typeof EntryListResponse>;

export const EntryListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: EntryId.optional(),
});
export type EntryListQuery = z.infer<typeof EntryListQuery>;

/** The record's readings for the console, the one that decided marked. */
export function readingViews(readings: readonly Reading[], decided: Reading | null): ReadingView[] {
  return readings.map((reading) => ({ ...reading, decided: reading === decided }));
}
