import { z } from 'zod';
import { Instant } from './common.ts';

/**
 * A resident pass is `CP1.<payload>.<signature>`, both base64url; the payload is this JSON,
 * the signature Ed25519 over the payload bytes by the community server, so a gate can verify
 * it offline with the server's public key.
 */
export const PASS_PREFIX = 'CP1.';

export const PassClaims = z.object({
  personId: z.string().min(1).max(64),
  communityId: z.string().min(1).max(64),
  issuedAt: Instant,
});
export type PassClaims = z.infer<typeof PassClaims>;
