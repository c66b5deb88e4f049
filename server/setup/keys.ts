import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export interface ServerKeys {
  /** Ed25519: signs resident passes. */
  passPrivateKey: KeyObject;
  passPublicKey: KeyObject;
  /** 32 random bytes: the HMAC key that turns an ID number into the only form we store. */
  idHashKey: Buffer;
}

const KeysFile = z.object({
  version: z.literal(1),
  passPrivateKeyPem: z.string().min(1),
  idHashKeyHex: z.string().regex(/^[0-9a-f]{64}$/),
});

export const KEYS_FILE_NAME = 'server-keys.json';

export function generateServerKeys(): ServerKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { passPrivateKey: privateKey, passPublicKey: publicKey, idHashKey: randomBytes(32) };
}

/**
 * Loads `<dataDir>/server-keys.json`, creating it on first start. An unreadable file is an error,
 * never a reason to mint new keys: that would invalidate every pass and every stored ID hash.
 */
export function loadOrCreateServerKeys(dataDir: string): ServerKeys {
  const file = join(dataDir, KEYS_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const keys = generateServerKeys();
    const content = {
      version: 1,
      passPrivateKeyPem: keys.passPrivateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      idHashKeyHex: keys.idHashKey.toString('hex'),
    } satisfies z.infer<typeof KeysFile>;
    // 'wx' so two processes starting at once cannot overwrite each other's fresh keys.
    writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return keys;
  }
  const parsed = KeysFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not a valid key file:\n${z.prettifyError(parsed.error)}`);
  const passPrivateKey = createPrivateKey(parsed.data.passPrivateKeyPem);
  return {
    passPrivateKey,
    passPublicKey: createPublicKey(passPrivateKey),
    idHashKey: Buffer.from(parsed.data.idHashKeyHex, 'hex'),
  };
}

/**
 * The stored form of an ID number: HMAC-SHA256 over the normalised number (checkResidentId's
 * `normalized`: trimmed, upper-case X), lower-case hex. Gates compute the same with
 * DeviceConfig.idHashKey.
 */
export function hashIdNumber(idHashKey: Buffer, normalizedIdNumber: string): string {
  return createHmac('sha256', idHashKey).update(normalizedIdNumber, 'utf8').digest('hex');
}
