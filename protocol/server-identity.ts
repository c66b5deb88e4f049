import { z } from 'zod';
import { Instant } from './common.ts';

/**
 * Who the community server's database is. The id is minted with the database and minted again by
 * every restore, which names the backup it came from: a gate that sees a new id knows the server
 * may have lost what it answered after `restoredFrom.backupTakenAt`, and offers those entries
 * again (the duplicate check keeps each once). docs/operations.md, "Recovery from the gates".
 */
export const DatabaseIdentity = z.object({
  id: z.uuid(),
  createdAt: Instant,
  restoredFrom: z.object({ id: z.uuid(), backupTakenAt: Instant }).nullable(),
});
export type DatabaseIdentity = z.infer<typeof DatabaseIdentity>;
