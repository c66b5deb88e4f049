import { z } from 'zod';
import { EntryId, Instant } from './common.ts';
import { EntryRecord } from './entry.ts';
import { MAX_BATCH } from './sync.ts';

/*
 * The gate's copy of the kiosk's journal. The browser's IndexedDB is not the only place a logged
 * entry lives: the kiosk hands each entry to its gate service as it logs it, the gate keeps it in
 * its own database until the server has answered for it, and a kiosk whose journal came back
 * empty or short (a wiped profile, a store the browser dropped after a crash) takes back what it
 * is missing.
 */

export const GateCopyRequest = z.object({ entries: z.array(EntryRecord).min(1).max(MAX_BATCH) });
export type GateCopyRequest = z.infer<typeof GateCopyRequest>;

export const GateCopyReceipt = z.object({ kept: z.number().int().nonnegative() });
export type GateCopyReceipt = z.infer<typeof GateCopyReceipt>;

export const GateCopyIds = z.object({ ids: z.array(EntryId) });
export type GateCopyIds = z.infer<typeof GateCopyIds>;

export const GateCopyLookup = z.object({ ids: z.array(EntryId).min(1).max(MAX_BATCH) });
export type GateCopyLookup = z.infer<typeof GateCopyLookup>;

/** What the server last answered for the entry through this gate; null while it has not. */
export const CopiedEntry = z.object({
  record: EntryRecord,
  outcome: z.enum(['stored', 'rejected']).nullable(),
  reason: z.string().nullable(),
  answeredAt: Instant.nullable(),
});
export type CopiedEntry = z.infer<typeof CopiedEntry>;

export const GateCopyEntries = z.object({ entries: z.array(CopiedEntry) });
export type GateCopyEntries = z.infer<typeof GateCopyEntries>;
