import { z } from 'zod';

/** Every id minted at the edge is a UUIDv7: time-ordered, so the server's primary key stays append-mostly. */
export const EntryId = z.uuid({ version: 'v7' });

/** Instants cross process boundaries as ISO 8601 strings with an offset, never as locale text. */
export const Instant = z.iso.datetime({ offset: true });

/** Celsius with a sanity bound: anything outside is a device fault, not a temperature. */
export const Celsius = z.number().finite().min(-50).max(120);

export const DeviceId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/);
