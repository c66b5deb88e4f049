import { z } from 'zod';
import { EntryId, Instant } from './common.ts';
import { EntryRecord } from './entry.ts';
import { HardwareEvent } from './hardware-events.ts';
import { MAX_BATCH } from './sync.ts';

/*
 * The gate's spool: the kiosk hands each entry to its gate service once; the gate keeps it on disk
 * before it answers and forwards it to the community server itself (docs/reliability.md).
 */

/** 0 goes first: fever entries reach the server ahead of the queue. */
export type SyncPriority = 0 | 1;

export function syncPriority(record: EntryRecord): SyncPriority {
  return record.flags.includes('fever') ? 0 : 1;
}

/**
 * Entries are `unknown` here, as in a sync batch: the gate reads each on its own, so one it cannot
 * read is refused with its reason while the others are kept.
 */
export const HandOverRequest = z.object({ entries: z.array(z.unknown()).min(1).max(MAX_BATCH) });
export type HandOverRequest = z.infer<typeof HandOverRequest>;

/**
 * The error code of the gate's 503 when its data folder is full: nothing of the hand-over was kept,
 * and the kiosk tells the guard plainly that the gate cannot save while it holds the entries itself.
 */
export const GATE_DISK_FULL = 'disk-full';

/** `kept`: on the gate's disk now; `already`: it was (a hand-over sent again); `refused`: not an entry, with why. */
export const HandOverResult = z.discriminatedUnion('status', [
  z.object({ index: z.number().int().nonnegative(), id: EntryId, status: z.literal('kept') }),
  z.object({ index: z.number().int().nonnegative(), id: EntryId, status: z.literal('already') }),
  z.object({
    index: z.number().int().nonnegative(),
    id: z.string().nullable(),
    status: z.literal('refused'),
    reason: z.string(),
  }),
]);
export type HandOverResult = z.infer<typeof HandOverResult>;

/** How the gate's road to the server stands; pushed to every kiosk on the event stream as it changes. */
export const SpoolStatus = z.object({
  type: z.literal('spool-status'),
  at: Instant,
  /**
   * This run of the gate's forwarder, and the status's place in it: the event stream and the answer
   * to a hand-over race each other to the kiosk, and the later-made status is the one that stands.
   */
  run: z.string().min(1).max(64),
  seq: z.number().int().nonnegative(),
  /** Held by the gate, not yet answered by the server. */
  unsent: z.number().int().nonnegative(),
  /** Refused by the server, kept with the reason. */
  rejected: z.number().int().nonnegative(),
  lastSuccessAt: Instant.nullable(),
  lastError: z.string().nullable(),
  /** The last error was the server out of reach (not a refusal): the kiosk says so in the guard's language. */
  serverUnreachable: z.boolean(),
  /**
   * The server's TLS certificate was not trusted (not signed by the CA in gate.json's serverCa,
   * another name, expired): nothing was sent, and the kiosk says so in the guard's language.
   */
  serverCertificateRefused: z.boolean(),
  nextRetryAt: Instant.nullable(),
});
export type SpoolStatus = z.infer<typeof SpoolStatus>;

export const HandOverResponse = z.object({ results: z.array(HandOverResult), status: SpoolStatus });
export type HandOverResponse = z.infer<typeof HandOverResponse>;

export const SpoolState = z.enum(['unsent', 'sent', 'rejected']);
export type SpoolState = z.infer<typeof SpoolState>;

/** An entry as the gate holds it: the record and what the server last answered for it. */
export const SpoolEntry = z.object({
  record: EntryRecord,
  state: SpoolState,
  reason: z.string().nullable(),
  answeredAt: Instant.nullable(),
});
export type SpoolEntry = z.infer<typeof SpoolEntry>;

/** `GET /spool/entries?since=<instant>`: entries that occurred since then, oldest first. */
export const SpoolEntriesQuery = z.object({ since: Instant });
export const SpoolEntries = z.object({ entries: z.array(SpoolEntry) });
export type SpoolEntries = z.infer<typeof SpoolEntries>;

/** Everything the gate sends a kiosk on its event stream. */
export const GateMessage = z.discriminatedUnion('type', [...HardwareEvent.options, SpoolStatus]);
export type GateMessage = z.infer<typeof GateMessage>;
