import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { GuardAccount } from '../protocol/index.ts';
import { verifyGuardPin } from './guard-pin.ts';

/** What the server stores for a guard (node:crypto), checked by the kiosk (WebCrypto). */
function account(pin: string): GuardAccount {
  const salt = randomBytes(16);
  const iterations = 100_000;
  const hash = pbkdf2Sync(pin, salt, iterations, 32, 'sha256');
  return {
    id: 'g1',
    name: '王师傅',
    pin: { algorithm: 'PBKDF2-SHA-256', iterations, salt: salt.toString('base64'), hash: hash.toString('base64') },
  };
}

describe('verifyGuardPin', () => {
  const guard = account('4826');

  it('accepts the right PIN', async () => {
    expect(await verifyGuardPin(guard, '4826')).toBe(true);
  });

  it('refuses a wrong PIN', async () => {
    expect(await verifyGuardPin(guard, '4827')).toBe(false);
    expect(await verifyGuardPin(guard, '')).toBe(false);
  });
});
