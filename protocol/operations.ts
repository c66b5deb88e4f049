import { z } from 'zod';
import { Instant } from './common.ts';

/** The state of the server's backups, for the console's admin page and the doctor. */
export const BackupStatus = z.object({
  /** False: no operator key is configured, so no backup is being taken. */
  configured: z.boolean(),
  everyHours: z.number().int().positive(),
  last: z
    .object({
      name: z.string(),
      takenAt: Instant,
      entries: z.number().int().nonnegative(),
      bytes: z.number().int().nonnegative(),
    })
    .nullable(),
  /** No good backup, or the last is older than a day. */
  stale: z.boolean(),
  lastFailure: z.object({ at: Instant, message: z.string() }).nullable(),
});
export type BackupStatus = z.infer<typeof BackupStatus>;
