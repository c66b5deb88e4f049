import { z } from 'zod';

/**
 * `POST /id-number` on the gate: a number the guard typed for a visitor, checked and hashed with
 * the community's key at the gate, so the kiosk only ever holds the hash and the masked form.
 */
export const IdNumberRequest = z.object({ number: z.string().min(1).max(32) });
export type IdNumberRequest = z.infer<typeof IdNumberRequest>;

export const IdNumberAnswer = z.object({
  idHash: z.string().regex(/^[0-9a-f]{64}$/),
  idMasked: z.string().min(1).max(18),
});
export type IdNumberAnswer = z.infer<typeof IdNumberAnswer>;
