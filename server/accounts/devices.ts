import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DeviceView, GateSummary } from '../../protocol/accounts.ts';
import type { Database } from '../db/schema.ts';
import type { AuthenticatedDevice } from '../gates/ingest.ts';
import { gateIdsIn, type Scope } from '../org/scope.ts';

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
  options: { deviceId: string; gateId: string; now: string; label?: string | null },
): Promise<{ deviceId: string; token: string }> {
  const token = newToken();
  await db
    .insertInto('devices')
    .values({
      id: options.deviceId,
      gate_id: options.gateId,
      token_hash: hashToken(token),
      enrolled_at: options.now,
      revoked_at: null,
      label: options.label ?? null,
    })
    .execute();
  return { deviceId: options.deviceId, token };
}

export type EnrollOutcome =
  { ok: true; deviceId: string; token: string } | { ok: false; reason: 'unknown-gate' | 'device-id-taken'; message: string };

/** Admin enrolment: checks the gate and the id first, so a mistake is an answer, not a constraint error. */
export async function enrollDeviceAtGate(
  db: Kysely<Database>,
  options: { gateId: string; deviceId?: string | undefined; label?: string | undefined; now: string },
  scope: Scope,
): Promise<EnrollOutcome> {
  const gate = await gateIdsIn(db, scope).where('gates.id', '=', options.gateId).executeTakeFirst();
  if (!gate) return { ok: false, reason: 'unknown-gate', message: `no gate ${options.gateId}` };
  const deviceId = options.deviceId ?? `gate-${randomBytes(4).toString('hex')}`;
  const taken = await db.selectFrom('devices').select('id').where('id', '=', deviceId).executeTakeFirst();
  if (taken)
    return {
      ok: false,
      reason: 'device-id-taken',
      message: `a device ${deviceId} is already enrolled (ids are never reused, even after revocation)`,
    };
  const enrolled = await enrollDevice(db, { deviceId, gateId: options.gateId, now: options.now, label: options.label ?? null });
  return { ok: true, ...enrolled };
}

/** Revokes at once: the next request with the token is refused. False when there is no such device. */
/** False when no such device is in scope (a device beside the admin's scope is not theirs to revoke). */
export async function revokeDevice(db: Kysely<Database>, deviceId: string, now: string, scope: Scope): Promise<boolean> {
  const result = await db
    .updateTable('devices')
    .set({ revoked_at: now })
    .where('id', '=', deviceId)
    .where('gate_id', 'in', gateIdsIn(db, scope))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows > 0n) return true;
  const found = await db
    .selectFrom('devices')
    .select('id')
    .where('id', '=', deviceId)
    .where('gate_id', 'in', gateIdsIn(db, scope))
    .executeTakeFirst();
  return found !== undefined;
}

export async function listGates(db: Kysely<Database>, scope: Scope): Promise<GateSummary[]> {
  return db
    .selectFrom('gates')
    .select(['id', 'name'])
    .where('id', 'in', gateIdsIn(db, scope))
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function listDevices(db: Kysely<Database>, scope: Scope): Promise<DeviceView[]> {
  return db
    .selectFrom('devices')
    .where('devices.gate_id', 'in', gateIdsIn(db, scope))
    .innerJoin('gates', 'gates.id', 'devices.gate_id')
    .select([
      'devices.id as id',
      'devices.gate_id as gateId',
      'gates.name as gateName',
      'devices.label as label',
      'devices.enrolled_at as enrolledAt',
      'devices.revoked_at as revokedAt',
      'devices.last_seen_at as lastSeenAt',
    ])
    .orderBy('gates.name')
    .orderBy('devices.id')
    .execute();
}

export const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * The device an `Authorization: Bearer <token>` header names, or null when missing, unknown or
 * revoked. With `seenAt`, records it as the device's last-seen time (to the minute).
 */
export async function authenticateDevice(
  db: Kysely<Database>,
  authorization: string | undefined,
  seenAt?: string,
): Promise<AuthenticatedDevice | null> {
  const match = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(authorization ?? '');
  if (!match) return null;
  const row = await db
    .selectFrom('devices')
    .innerJoin('gates', 'gates.id', 'devices.gate_id')
    .select(['devices.id as id', 'devices.gate_id as gateId', 'gates.community_id as communityId'])
    .where('devices.token_hash', '=', hashToken(match[1]!))
    .where('devices.revoked_at', 'is', null)
    .executeTakeFirst();
  if (row && seenAt) {
    // At most one write a minute per device: a gate polls its roster often, and SQLite has one writer.
    const staleBefore = new Date(Date.parse(seenAt) - LAST_SEEN_RESOLUTION_MS).toISOString();
    await db
      .updateTable('devices')
      .set({ last_seen_at: seenAt })
      .where('id', '=', row.id)
      .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<=', staleBefore)]))
      .execute();
  }
  return row ?? null;
}
