import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fsyncSync, openSync, readFileSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/*
 * Backups are age files (age-encryption, the reference format's TypeScript implementation): the
 * server holds only the recipient (a public key, `age1…`), the operator holds the identity
 * (`AGE-SECRET-KEY-1…`) away from the server. A stolen server or a copied backup folder gives no
 * one the health data in the backups; only the operator's key opens them.
 */

export async function generateBackupKey(): Promise<{ identity: string; recipient: string }> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

export function isRecipient(text: string): boolean {
  return /^age1[0-9a-z]{20,}$/.test(text);
}

/** Encrypts a stream into `file` (fsynced); answers the file's SHA-256 and size. */
export async function encryptToFile(
  plaintext: Readable,
  recipient: string,
  file: string,
): Promise<{ sha256: string; bytes: number }> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(recipient);
  const encrypted = await encrypter.encrypt(Readable.toWeb(plaintext) as unknown as ReadableStream<Uint8Array>);
  const hash = createHash('sha256');
  let bytes = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(
    Readable.fromWeb(encrypted as unknown as WebReadableStream<Uint8Array>),
    measure,
    createWriteStream(file, { mode: 0o600 }),
  );
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The stream of a backup's plaintext; the age format authenticates every chunk, so a changed byte fails the read. */
export async function decryptFile(file: string, identity: string): Promise<Readable> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity.trim());
  const source = Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>;
  const plaintext = await decrypter.decrypt(source);
  return Readable.fromWeb(plaintext as unknown as WebReadableStream<Uint8Array>);
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The identity line of a key file written by `npm run backup -- keygen` (comments skipped). */
export function readKeyFile(file: string): string {
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.startsWith('AGE-SECRET-KEY-'));
  if (!line) throw new Error(`${file} holds no age identity (AGE-SECRET-KEY-1…)`);
  return line;
}
