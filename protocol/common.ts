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

/**
 * Where on the body a screening reading was taken. Where you measure matters more than the rule
 * (docs/fever-rule.md): `forehead` is a spot on the forehead (a thermometer gun, a single-pixel
 * sensor such as the MLX90614); `face-max` the hottest point of the whole face (a small thermal
 * array such as the MLX90640); `inner-canthus` the inner eye corner (a thermal camera, the site
 * ISO/TR 13154 recommends). Axillary readings are the armpit by definition and carry no site.
 */
export const MeasuringSite = z.enum(['forehead', 'face-max', 'inner-canthus']);
export type MeasuringSite = z.infer<typeof MeasuringSite>;
