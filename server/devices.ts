import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import type { AuthenticatedDevice } from './ingest.ts';

/**
 * Device tokens and session tokens are stored as SHA-256: they are 32 random bytes, so a fast hash
 * is enough, and a stolen database yields no usable credential.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Enrols a device at a gate; the token is returned once and only its hash is kept. */
export async function enrollDevice(
  db: Kysely<Database>,
  options: { deviceId: string; gateId: string; now: string },
): Promise<{ deviceId: string; token: string }> {
  const token = newToken();
  await db
    .insertInto('devices')
    .values({ id: options.deviceId, gate_id: options.gateId, token_hash: hashToken(token), enrolled_at: options.now, revoked_at: null })
    .execute();
  return { deviceId: options.deviceId, token };
}

export async function revokeDevice(db: Kysely<Database>, deviceId: string, now: string): Promise<void> {
  await db.updateTable('devices').set({ revoked_at: now }).where('id', '=', deviceId).execute();
}

/** The device an `Authorization: Bearer <token>` header names, or null when missing, unknown or revoked. */
export async function authenticateDevice(db: Kysely<Database>, authorization: string | undefined): Promise<AuthenticatedDevice | null> {
  const match = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(authorization ?? '');
  if (!match) return null;
  const row = await db
    .selectFrom('devices')
    .innerJoin('gates', 'gates.id', 'devices.gate_id')
    .select(['devices.id as id', 'devices.gate_id as gateId', 'gates.community_id as communityId'])
    .where('devices.token_hash', '=', hashToken(match[1]!))
    .where('devices.revoked_at', 'is', null)
    .executeTakeFirst();
  return row ?? null;
}
