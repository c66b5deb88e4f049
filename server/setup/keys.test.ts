import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashIdNumber, KEYS_FILE_NAME, loadOrCreateServerKeys } from './keys.ts';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cp-keys-'));
}

describe('loadOrCreateServerKeys', () => {
  it('creates the key file readable by its owner only, then loads the same keys', () => {
    const dir = tempDir();
    const first = loadOrCreateServerKeys(dir);
    expect(statSync(join(dir, KEYS_FILE_NAME)).mode & 0o777).toBe(0o600);
    const second = loadOrCreateServerKeys(dir);
    expect(second.idHashKey.equals(first.idHashKey)).toBe(true);
    expect(second.passPublicKey.equals(first.passPublicKey)).toBe(true);
    expect(first.idHashKey).toHaveLength(32);
  });

  it('refuses a damaged key file instead of minting new keys', () => {
    const dir = tempDir();
    writeFileSync(join(dir, KEYS_FILE_NAME), JSON.stringify({ version: 1, passPrivateKeyPem: 'x', idHashKeyHex: 'nope' }));
    expect(() => loadOrCreateServerKeys(dir)).toThrow(/not a valid key file/);
    expect(readFileSync(join(dir, KEYS_FILE_NAME), 'utf8')).toContain('nope');
  });
});

describe('hashIdNumber', () => {
  it('is keyed: the same number hashes differently under another key', () => {
    const a = loadOrCreateServerKeys(tempDir());
    const b = loadOrCreateServerKeys(tempDir());
    const id = '11010519491231002X';
    expect(hashIdNumber(a.idHashKey, id)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashIdNumber(a.idHashKey, id)).toBe(hashIdNumber(a.idHashKey, id));
    expect(hashIdNumber(a.idHashKey, id)).not.toBe(hashIdNumber(b.idHashKey, id));
  });
});
