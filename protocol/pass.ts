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

/**
 * The compact pass, `CP2.<base64url(claims ‖ signature)>`, 116 characters: small enough for a QR
 * that prints small and scans from a phone, and 123 ms on a 9600-baud scanner line (with CR LF) instead of the
 * JSON form's ~295. Claims are binary: the person's UUID (16 bytes), then the issue time in whole
 * seconds since 1970 (4 bytes, big-endian). The community is not carried but signed: the Ed25519
 * signature (64 bytes) covers `CP2.`, the community id, a zero byte and the claims, so a pass of
 * another community served by the same key fails as a bad signature. Gates verify both forms.
 */
export const COMPACT_PASS_PREFIX = 'CP2.';
const CLAIM_BYTES = 20;
const SIGNATURE_BYTES = 64;
export const COMPACT_PASS_BYTES = CLAIM_BYTES + SIGNATURE_BYTES;
/** The characters a compact pass takes in the QR and on the scanner's line (before its CR LF). */
export const COMPACT_PASS_LENGTH = COMPACT_PASS_PREFIX.length + Math.ceil((COMPACT_PASS_BYTES * 4) / 3);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface CompactClaims {
  personId: string;
  issuedAt: string;
}

/** The claim bytes; null when the person id is no UUID or the time does not fit (then issue the JSON form). */
export function encodeCompactClaims(claims: CompactClaims): Uint8Array | null {
  const id = claims.personId.toLowerCase();
  const seconds = Math.floor(Date.parse(claims.issuedAt) / 1000);
  if (!UUID.test(id) || !Number.isSafeInteger(seconds) || seconds < 0 || seconds > 0xffffffff) return null;
  const bytes = new Uint8Array(CLAIM_BYTES);
  const hex = id.replace(/-/g, '');
  for (let i = 0; i < 16; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  new DataView(bytes.buffer).setUint32(16, seconds);
  return bytes;
}

export function decodeCompactClaims(bytes: Uint8Array): CompactClaims {
  const hex = [...bytes.subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  const personId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const seconds = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(16);
  return { personId, issuedAt: new Date(seconds * 1000).toISOString() };
}

/** What the signature covers: the form, the community, and the claims. */
export function compactPassMessage(communityId: string, claims: Uint8Array): Uint8Array {
  const prefix = new TextEncoder().encode(`${COMPACT_PASS_PREFIX}${communityId}\u0000`);
  const message = new Uint8Array(prefix.length + claims.length);
  message.set(prefix);
  message.set(claims, prefix.length);
  return message;
}

/** Splits a compact pass into claims and signature; null when it is not one. */
export function splitCompactPass(text: string): { claims: Uint8Array; signature: Uint8Array } | null {
  const body = text.slice(COMPACT_PASS_PREFIX.length);
  if (!text.startsWith(COMPACT_PASS_PREFIX) || !/^[A-Za-z0-9_-]+$/.test(body)) return null;
  const bytes = Uint8Array.from(atob(body.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  if (bytes.length !== COMPACT_PASS_BYTES) return null;
  return { claims: bytes.subarray(0, CLAIM_BYTES), signature: bytes.subarray(CLAIM_BYTES) };
}
