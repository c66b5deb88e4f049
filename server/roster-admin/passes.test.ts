import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PassClaims } from '../../protocol/pass.ts';
import { generateServerKeys } from '../setup/keys.ts';
import { COMPACT_PASS_LENGTH, compactPassMessage, decodeCompactClaims, splitCompactPass } from '../../protocol/pass.ts';
import { exportPassPublicKey, signCompactPass, signPass } from './passes.ts';

const claims: PassClaims = { personId: 'person-1', communityId: 'community-1', issuedAt: '2026-11-25T08:00:00.000+08:00' };

/** What a gate does: split, decode, verify with the exported public key. */
function verifyLikeAGate(pass: string, publicKeyBase64: string): { ok: boolean; claims: unknown } {
  const [prefix, payload, signature] = pass.split('.');
  expect(`${prefix}.`).toBe('CP1.');
  const key = createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
  const payloadBytes = Buffer.from(payload!, 'base64url');
  return {
    ok: verify(null, payloadBytes, key, Buffer.from(signature!, 'base64url')),
    claims: JSON.parse(payloadBytes.toString('utf8')),
  };
}

describe('signPass', () => {
  it('makes a pass that node:crypto verifies with the exported public key', () => {
    const keys = generateServerKeys();
    const result = verifyLikeAGate(signPass(keys.passPrivateKey, claims), exportPassPublicKey(keys.passPublicKey));
    expect(result.ok).toBe(true);
    expect(PassClaims.parse(result.claims)).toEqual(claims);
  });

  it('fails verification when the payload is tampered with', () => {
    const keys = generateServerKeys();
    const [prefix, payload, signature] = signPass(keys.passPrivateKey, claims).split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, personId: 'person-2' }), 'utf8').toString('base64url');
    expect(forged).not.toBe(payload);
    expect(verifyLikeAGate(`${prefix}.${forged}.${signature}`, exportPassPublicKey(keys.passPublicKey)).ok).toBe(false);
  });

  it('fails verification under another server key', () => {
    const pass = signPass(generateServerKeys().passPrivateKey, claims);
    expect(verifyLikeAGate(pass, exportPassPublicKey(generateServerKeys().passPublicKey)).ok).toBe(false);
  });
});

describe('signCompactPass', () => {
  it('makes a 116-character pass whose signature covers the community, and the JSON form for an id that is no UUID', () => {
    const keys = generateServerKeys();
    const person = { ...claims, personId: '0192f0c4-7a1b-7c3d-8e4f-0123456789ab' };
    const pass = signCompactPass(keys.passPrivateKey, person);
    expect(pass).toMatch(/^CP2\.[\w-]+$/);
    expect(pass).toHaveLength(COMPACT_PASS_LENGTH);
    const { claims: bytes, signature } = splitCompactPass(pass)!;
    expect(verify(null, compactPassMessage(person.communityId, bytes), keys.passPublicKey, signature)).toBe(true);
    expect(verify(null, compactPassMessage('community-2', bytes), keys.passPublicKey, signature)).toBe(false);
    expect(decodeCompactClaims(bytes)).toEqual({ personId: person.personId, issuedAt: '2026-11-25T00:00:00.000Z' });
    expect(signCompactPass(keys.passPrivateKey, claims)).toMatch(/^CP1\./);
  });
});
