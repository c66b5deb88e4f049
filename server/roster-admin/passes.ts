import { sign, type KeyObject } from 'node:crypto';
import { COMPACT_PASS_PREFIX, compactPassMessage, encodeCompactClaims, PASS_PREFIX, PassClaims } from '../../protocol/pass.ts';

/** `CP1.<base64url(JSON claims)>.<base64url(Ed25519 signature over the JSON bytes)>`. */
export function signPass(passPrivateKey: KeyObject, claims: PassClaims): string {
  const payload = Buffer.from(JSON.stringify(PassClaims.parse(claims)), 'utf8');
  const signature = sign(null, payload, passPrivateKey);
  return `${PASS_PREFIX}${payload.toString('base64url')}.${signature.toString('base64url')}`;
}

/**
 * The compact form (`CP2.`, see protocol/pass.ts) that pass sheets print; the JSON form for a
 * person whose id is no UUID (none the server makes).
 */
export function signCompactPass(passPrivateKey: KeyObject, claims: PassClaims): string {
  const bytes = encodeCompactClaims(PassClaims.parse(claims));
  if (!bytes) return signPass(passPrivateKey, claims);
  const signature = sign(null, compactPassMessage(claims.communityId, bytes), passPrivateKey);
  return `${COMPACT_PASS_PREFIX}${Buffer.concat([bytes, signature]).toString('base64url')}`;
}

/**
 * DeviceConfig.passPublicKey: standard base64 of the SPKI DER encoding, which a gate turns back
 * into a key with `createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' })`.
 */
export function exportPassPublicKey(passPublicKey: KeyObject): string {
  return passPublicKey.export({ format: 'der', type: 'spki' }).toString('base64');
}
