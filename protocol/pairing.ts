import { z } from 'zod';
import { Instant } from './common.ts';

/** `POST /pairing`: a screen enters the one-time code the gate showed, and may name itself. */
export const PairRequest = z.object({
  code: z.string().regex(/^\s*\d{6}\s*$/, 'the code is 6 digits'),
  name: z.string().max(64).optional(),
});
export type PairRequest = z.infer<typeof PairRequest>;

export const PairedScreen = z.object({
  id: z.string(),
  name: z.string(),
  pairedAt: Instant,
  lastSeenAt: Instant.nullable(),
});
export type PairedScreen = z.infer<typeof PairedScreen>;

/** The answer to a pairing (the credential itself goes in an HttpOnly cookie) and to `GET /pairing/status`. */
export const PairResponse = z.object({ screen: PairedScreen });
export type PairResponse = z.infer<typeof PairResponse>;
