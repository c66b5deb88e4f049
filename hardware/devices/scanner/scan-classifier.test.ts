import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ScanPayload } from '../../../protocol/hardware-events.ts';
import { COMPACT_PASS_LENGTH, compactPassMessage, encodeCompactClaims } from '../../../protocol/pass.ts';
import { checkDigitFor } from '../../../protocol/resident-id.ts';
import type { DeviceConfig } from '../../../protocol/roster.ts';
import { classifyScan } from './scan-classifier.ts';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const config: DeviceConfig = {
  deviceId: 'gate-1-device',
  gateId: 'gate-1',
  communityId: 'c-1',
  passPublicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  idHashKey: '0f'.repeat(32),
};

function makePass(claims: object, key = privateKey): string {
  const payload = Buffer.from(JSON.stringify(claims));
  return `CP1.${payload.toString('base64url')}.${sign(null, payload, key).toString('base64url')}`;
}

const claims = { personId: 'p-42', communityId: 'c-1', issuedAt: '2026-01-02T03:04:05.000Z' };
const ID = `11010519491231002${checkDigitFor('11010519491231002')}`;

function payloadOf(text: string, withConfig: DeviceConfig | null = config): ScanPayload {
  const result = classifyScan(text, withConfig);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  expect(ScanPayload.safeParse(result.payload).success).toBe(true);
  return result.payload;
}

function makeCompactPass(personId: string, issuedAt: string, communityId = 'c-1', key = privateKey): string {
  const bytes = encodeCompactClaims({ personId, issuedAt })!;
  const signature = sign(null, compactPassMessage(communityId, bytes), key);
  return `CP2.${Buffer.concat([bytes, signature]).toString('base64url')}`;
}

describe('classifyScan: the compact pass', () => {
  const personId = '0192f0c4-7a1b-7c3d-8e4f-0123456789ab';
  const issuedAt = '2026-01-02T03:04:05.000Z';

  it('is at most 120 characters and verifies offline to the same claims', () => {
    const pass = makeCompactPass(personId, issuedAt);
    expect(pass).toHaveLength(COMPACT_PASS_LENGTH);
    expect(COMPACT_PASS_LENGTH).toBeLessThanOrEqual(120);
    expect(payloadOf(pass)).toEqual({ kind: 'pass', personId, issuedAt });
  });

  it('refuses one tampered with, signed by another key, or for another community; and a truncated one', () => {
    const pass = makeCompactPass(personId, issuedAt);
    const bytes = Buffer.from(pass.slice(4), 'base64url');
    bytes[3]! ^= 1;
    expect(payloadOf(`CP2.${bytes.toString('base64url')}`)).toEqual({ kind: 'pass-invalid', reason: 'signature' });
    const other = generateKeyPairSync('ed25519').privateKey;
    expect(payloadOf(makeCompactPass(personId, issuedAt, 'c-1', other))).toEqual({ kind: 'pass-invalid', reason: 'signature' });
    expect(payloadOf(makeCompactPass(personId, issuedAt, 'c-2'))).toEqual({ kind: 'pass-invalid', reason: 'signature' });
    expect(payloadOf(pass.slice(0, -4))).toEqual({ kind: 'pass-invalid', reason: 'format' });
    expect(payloadOf(pass, null)).toEqual({ kind: 'pass-invalid', reason: 'no-key' });
  });
});

describe('classifyScan', () => {
  it('verifies a resident pass offline', () => {
    expect(payloadOf(makePass(claims))).toEqual({ kind: 'pass', personId: 'p-42', issuedAt: claims.issuedAt });
  });

  it('refuses a tampered pass', () => {
    const pass = makePass(claims);
    const [, , signature] = pass.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, personId: 'p-1' })).toString('base64url');
    expect(payloadOf(`CP1.${forged}.${signature}`)).toEqual({ kind: 'pass-invalid', reason: 'signature' });
  });

  it('refuses a pass signed by another key', () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    expect(payloadOf(makePass(claims, other))).toEqual({ kind: 'pass-invalid', reason: 'signature' });
  });

  it('refuses a pass for another community', () => {
    expect(payloadOf(makePass({ ...claims, communityId: 'c-2' }))).toEqual({ kind: 'pass-invalid', reason: 'signature' });
  });

  it('says no-key for a pass scanned before the key is known', () => {
    expect(payloadOf(makePass(claims), null)).toEqual({ kind: 'pass-invalid', reason: 'no-key' });
  });

  it('calls a malformed pass a format error', () => {
    expect(payloadOf('CP1.abc')).toEqual({ kind: 'pass-invalid', reason: 'format' });
    expect(payloadOf('CP1.!!.abc')).toEqual({ kind: 'pass-invalid', reason: 'format' });
    const notClaims = Buffer.from('{"a":1}').toString('base64url');
    expect(payloadOf(`CP1.${notClaims}.${'A'.repeat(86)}`)).toEqual({ kind: 'pass-invalid', reason: 'format' });
  });

  it('hashes a valid ID number with the device key and masks it', () => {
    const payload = payloadOf(` ${ID.toLowerCase()} `);
    expect(payload).toEqual({
      kind: 'id-number',
      idHash: createHmac('sha256', Buffer.from(config.idHashKey, 'hex')).update(ID).digest('hex'),
      idMasked: `110${'*'.repeat(14)}X`,
      legacy: false,
    });
    expect(JSON.stringify(payload)).not.toContain(ID.slice(3, 17));
  });

  it("hashes and masks a legacy 15-digit number as its 18-digit form, so one person's old and new numbers match", () => {
    const legacy = payloadOf('110105491231002');
    expect(legacy).toEqual({ ...payloadOf(ID), legacy: true });
    expect(legacy).toMatchObject({ idMasked: `110${'*'.repeat(14)}X` });
  });

  it('reports an unknown province code as such', () => {
    const body = `99${ID.slice(2, 17)}`;
    expect(payloadOf(body + checkDigitFor(body))).toEqual({
      kind: 'id-number-invalid',
      reason: 'province',
      idMasked: `990${'*'.repeat(14)}${checkDigitFor(body)}`,
    });
  });

  it('reports a wrong check digit as check-digit', () => {
    const wrong = `${ID.slice(0, 17)}1`;
    expect(payloadOf(wrong)).toEqual({ kind: 'id-number-invalid', reason: 'check-digit', idMasked: `110${'*'.repeat(14)}1` });
  });

  it('refuses to pass on an ID number before the hash key is known', () => {
    expect(classifyScan(ID, null)).toEqual({
      ok: false,
      reason: 'ID number scanned before the gate received its ID-hash key from the server',
    });
  });

  it('refuses to hash with a key that is not hex', () => {
    expect(classifyScan(ID, { ...config, idHashKey: 'z'.repeat(64) })).toEqual({
      ok: false,
      reason: 'the ID-hash key from the server is not hex; ID numbers cannot be recorded',
    });
  });

  it('recognises visitor codes', () => {
    expect(payloadOf('V-7K2Q9')).toEqual({ kind: 'visitor-code', code: 'V-7K2Q9' });
    expect(payloadOf('V-ab')).toEqual({ kind: 'unknown', text: 'V-ab' });
  });

  it('keeps other text as text, truncated, and HTML stays literal text', () => {
    expect(payloadOf('<img src=x onerror=alert(1)>')).toEqual({ kind: 'unknown', text: '<img src=x onerror=alert(1)>' });
    const long = payloadOf('z'.repeat(600));
    expect(long).toEqual({ kind: 'unknown', text: 'z'.repeat(512) });
  });

  it('masks an ID number embedded in unknown text', () => {
    expect(payloadOf(`ID:${ID}`)).toEqual({ kind: 'unknown', text: `ID:110${'*'.repeat(14)}X` });
  });
});
