import type { GuardAccount } from '../protocol/index.ts';

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Checks a guard's PIN offline against the roster's PBKDF2-SHA-256 hash (salt and hash in
 * base64, a 32-byte key), with WebCrypto so the kiosk never needs the server to sign in.
 */
export async function verifyGuardPin(account: GuardAccount, pin: string): Promise<boolean> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const expected = fromBase64(account.pin.hash);
  const derived = new Uint8Array(
    await crypto.subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(account.pin.salt), iterations: account.pin.iterations },
      key,
      expected.length * 8,
    ),
  );
  let difference = derived.length ^ expected.length;
  for (let i = 0; i < derived.length; i++) difference |= derived[i]! ^ (expected[i] ?? 0);
  return difference === 0;
}
