import { sign, type KeyObject } from 'node:crypto';
import { PASS_PREFIX, PassClaims } from '../../protocol/pass.ts';

/** `CP1.<base64url(JSON claims)>.<base64url(Ed25519 signature over the JSON bytes)>`. */
export function signPass(passPrivateKey: KeyObject, claims: PassClaims): string {
  const payload = Buffer.from(JSON.stringify(PassClaims.parse(claims)), 'utf8');
  const signature = sign(null, payload, passPrivateKey);
  return `${PASS_PREFIX}${payload.toString('base64url')}.${signature.toString('base64url')}`;
}

/**
 * DeviceConfig.passPublicKey: standard base64 of the SPKI DER encoding, which a gate turns back
 * into a key with `createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' })`.
 */
export function exportPassPublicKey(passPublicKey: KeyObject): string {
  return passPublicKey.export({ format: 'der', type: 'spki' }).toString('base64');
}
