import { createHmac, createPublicKey, verify, type KeyObject } from 'node:crypto';
import {
  COMPACT_PASS_PREFIX,
  compactPassMessage,
  decodeCompactClaims,
  PASS_PREFIX,
  PassClaims,
  splitCompactPass,
} from '../../../protocol/pass.ts';
import { checkResidentId, looksLikeResidentId, maskResidentId } from '../../../protocol/resident-id.ts';
import type { ScanPayload } from '../../../protocol/hardware-events.ts';
import type { DeviceConfig } from '../../../protocol/roster.ts';

/**
 * Decides what a scanned line is. The raw ID number never leaves this module: it goes out only
 * as a keyed hash plus a masked form.
 */

export type ScanClassification = { ok: true; payload: ScanPayload } | { ok: false; reason: string };

const VISITOR_CODE = /^V-[A-Za-z0-9]{4,32}$/;
// Any ID-number-shaped run inside otherwise unknown text is masked before the text is passed on.
const EMBEDDED_ID = /\d{17}[\dXx]|\d{15}/g;
const MAX_UNKNOWN_TEXT = 512;

/** Parsing an SPKI key is costly enough to do once per key, not once per scan. */
const keyCache = new Map<string, KeyObject | null>();

export function classifyScan(input: string, config: DeviceConfig | null): ScanClassification {
  const text = input.trim();
  if (text.startsWith(PASS_PREFIX)) return { ok: true, payload: verifyPass(text, config) };
  if (text.startsWith(COMPACT_PASS_PREFIX)) return { ok: true, payload: verifyCompactPass(text, config) };
  if (looksLikeResidentId(text)) return classifyIdNumber(text, config);
  if (VISITOR_CODE.test(text)) return { ok: true, payload: { kind: 'visitor-code', code: text } };
  const masked = text.replace(EMBEDDED_ID, (id) => maskResidentId(id));
  return { ok: true, payload: { kind: 'unknown', text: masked.slice(0, MAX_UNKNOWN_TEXT) } };
}

/**
 * Also for ID numbers typed by the guard and read from ID cards: hashed here, in the 18-digit form
 * (a legacy 15-digit number upgraded), never stored in clear.
 */
export function classifyIdNumber(text: string, config: DeviceConfig | null): ScanClassification {
  const check = checkResidentId(text);
  if (!check.ok)
    return { ok: true, payload: { kind: 'id-number-invalid', reason: check.reason, idMasked: maskResidentId(text) } };
  // A legacy number is masked, like hashed, in its 18-digit form: one person, one masked form.
  const idMasked = maskResidentId(check.normalized);
  if (!config) {
    // Without the key the number cannot be recorded in the only form allowed to leave the gate.
    return { ok: false, reason: 'ID number scanned before the gate received its ID-hash key from the server' };
  }
  // The server sends its 32-byte HMAC key as hex and hashes roster numbers with the raw bytes.
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(config.idHashKey))
    return { ok: false, reason: 'the ID-hash key from the server is not hex; ID numbers cannot be recorded' };
  const idHash = createHmac('sha256', Buffer.from(config.idHashKey, 'hex')).update(check.normalized, 'utf8').digest('hex');
  return { ok: true, payload: { kind: 'id-number', idHash, idMasked, legacy: check.legacy } };
}

function verifyPass(text: string, config: DeviceConfig | null): ScanPayload {
  const parts = text.slice(PASS_PREFIX.length).split('.');
  const [payloadPart, signaturePart] = parts;
  if (parts.length !== 2 || !isBase64Url(payloadPart) || !isBase64Url(signaturePart))
    return { kind: 'pass-invalid', reason: 'format' };
  const payload = Buffer.from(payloadPart, 'base64url');
  const claims = parseClaims(payload);
  if (!claims) return { kind: 'pass-invalid', reason: 'format' };
  if (!config) return { kind: 'pass-invalid', reason: 'no-key' };
  const key = publicKey(config.passPublicKey);
  if (!key) return { kind: 'pass-invalid', reason: 'no-key' };
  const signature = Buffer.from(signaturePart, 'base64url');
  // Ed25519 signatures are 64 bytes; verify() throws on other lengths rather than returning false.
  if (signature.length !== 64 || !verify(null, payload, key, signature)) return { kind: 'pass-invalid', reason: 'signature' };
  // A pass signed for another community on the same server does not open this gate.
  if (claims.communityId !== config.communityId) return { kind: 'pass-invalid', reason: 'signature' };
  return { kind: 'pass', personId: claims.personId, issuedAt: claims.issuedAt };
}

/** The compact form: the community is not carried but signed, so the gate's own is put back to verify. */
function verifyCompactPass(text: string, config: DeviceConfig | null): ScanPayload {
  const parts = splitCompactPass(text);
  if (!parts) return { kind: 'pass-invalid', reason: 'format' };
  const key = config ? publicKey(config.passPublicKey) : null;
  if (!config || !key) return { kind: 'pass-invalid', reason: 'no-key' };
  if (!verify(null, compactPassMessage(config.communityId, parts.claims), key, parts.signature))
    return { kind: 'pass-invalid', reason: 'signature' };
  return { kind: 'pass', ...decodeCompactClaims(parts.claims) };
}

function isBase64Url(part: string | undefined): part is string {
  return part !== undefined && part.length > 0 && /^[A-Za-z0-9_-]+$/.test(part);
}

function parseClaims(payload: Buffer): PassClaims | null {
  try {
    const parsed = PassClaims.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function publicKey(spkiBase64: string): KeyObject | null {
  if (!keyCache.has(spkiBase64)) {
    try {
      const key = createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' });
      keyCache.set(spkiBase64, key.asymmetricKeyType === 'ed25519' ? key : null);
    } catch {
      keyCache.set(spkiBase64, null);
    }
  }
  return keyCache.get(spkiBase64) ?? null;
}
