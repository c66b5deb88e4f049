import { pbkdf2, scrypt, timingSafeEqual } from 'node:crypto';
import type { GuardPinRecord } from '../../protocol/guard-pin.ts';

function scryptKey(pin: string, salt: Buffer, length: number, record: { N: number; r: number; p: number }): Promise<Buffer> {
  const { N, r, p } = record;
  // Room for N up to 2^17 at r = 8 (Node's default allows about half of that).
  const maxmem = 256 * N * r + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, length, { N, r, p, maxmem }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function pbkdf2Key(pin: string, salt: Buffer, length: number, iterations: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    pbkdf2(pin, salt, iterations, length, 'sha256', (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Whether `pin` is the guard's PIN, by the record's own algorithm and parameters. */
export async function pinMatches(record: GuardPinRecord, pin: string): Promise<boolean> {
  const expected = Buffer.from(record.hash, 'base64');
  const salt = Buffer.from(record.salt, 'base64');
  const actual =
    record.algorithm === 'scrypt'
      ? await scryptKey(pin, salt, expected.length, record)
      : await pbkdf2Key(pin, salt, expected.length, record.iterations);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
