import { z } from 'zod';
import { Instant } from './common.ts';
import { DatabaseIdentity } from './server-identity.ts';

export const MAX_BATCH = 500;
/**
 * A batch's JSON stays under this many bytes (UTF-8), so it fits the server's 1 MiB body limit
 * with room to spare however long the records' names and answers are.
 */
export const MAX_BATCH_BYTES = 768 * 1024;

/**
 * Entries are `unknown` here on purpose: the server validates each record on its own so one bad
 * record is rejected with its reason while the rest of the batch is stored.
 */
export const SyncBatchRequest = z.object({
  batchId: z.string().min(1).max(64),
  entries: z.array(z.unknown()).min(1).max(MAX_BATCH),
});
export type SyncBatchRequest = z.infer<typeof SyncBatchRequest>;

export const RecordResult = z.discriminatedUnion('status', [
  z.object({ index: z.number().int().nonnegative(), id: z.string().nullable(), status: z.literal('stored') }),
  z.object({ index: z.number().int().nonnegative(), id: z.string().nullable(), status: z.literal('duplicate') }),
  z.object({
    index: z.number().int().nonnegative(),
    id: z.string().nullable(),
    status: z.literal('rejected'),
    reason: z.string(),
  }),
]);
export type RecordResult = z.infer<typeof RecordResult>;

export const SyncBatchResponse = z.object({
  batchId: z.string(),
  receivedAt: Instant,
  results: z.array(RecordResult),
  /** Protocol 2: which database answered; a new one after a restore makes the gate offer again (protocol/server-identity.ts). */
  database: DatabaseIdentity.optional(),
});
export type SyncBatchResponse = z.infer<typeof SyncBatchResponse>;

/** Errors from any HTTP API carry a stable code and a human message. */
export const ApiError = z.object({ error: z.string(), message: z.string() });
export type ApiError = z.infer<typeof ApiError>;
