import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { SessionUser, UserRole } from '../../protocol/review.ts';
import type { Database } from '../db/schema.ts';
import { hashToken, newToken } from './devices.ts';
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from './passwords.ts';
import { scopeOfUser, type Scope } from '../org/scope.ts';

export const SESSION_TTL_MS = 12 * 60 * 60_000;

export interface SignedInUser extends Omit<SessionUser, 'scope'> {
  id: string;
  /** The part of the organisation tree the user sees (server/org/scope.ts). */
  scope: Scope;
}

export async function createUser(
  db: Kysely<Database>,
  user: { username: string; password: string; role: UserRole; now: string; orgNodeId?: string; compoundId?: string | null },
): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('users')
    .values({
      id,
      username: user.username,
      password_hash: await hashPassword(user.password),
      role: user.role,
      created_at: user.now,
      ...(user.orgNodeId ? { org_node_id: user.orgNodeId } : {}),
      compound_id: user.compoundId ?? null,
    })
    .execute();
  return id;
}

/** The enabled user whose password matches, or null; as slow for an unknown username as for a wrong password. */
export async function checkCredentials(db: Kysely<Database>, username: string, password: string): Promise<SignedInUser | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'username', 'role', 'password_hash', 'disabled_at', 'org_node_id', 'compound_id'])
    .where('username', '=', username)
    .executeTakeFirst();
  const ok = await verifyPassword(password, row?.password_hash ?? UNKNOWN_USER_HASH);
  return ok && row && row.disabled_at === null
    ? { id: row.id, username: row.username, role: row.role, scope: await scopeOfUser(db, row) }
    : null;
}

/** Starts a session; the token goes to the cookie, only its hash to the database. */
export async function startSession(db: Kysely<Database>, userId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db
    .insertInto('sessions')
    .values({ token_hash: hashToken(token), user_id: userId, created_at: now.toISOString(), expires_at: expiresAt.toISOString() })
    .execute();
  return { token, expiresAt };
}

export async function findSessionUser(db: Kysely<Database>, token: string | undefined, now: Date): Promise<SignedInUser | null> {
  if (!token) return null;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('org_nodes', 'org_nodes.id', 'users.org_node_id')
    .select([
      'users.id as id',
      'users.username as username',
      'users.role as role',
      'users.compound_id as compoundId',
      'org_nodes.id as nodeId',
      'org_nodes.path as path',
      'org_nodes.parent_id as parentId',
    ])
    .where('sessions.token_hash', '=', hashToken(token))
    .where('sessions.expires_at', '>', now.toISOString())
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const scope: Scope =
    row.compoundId !== null
      ? { kind: 'compound', compoundId: row.compoundId }
      : { kind: 'node', nodeId: row.nodeId, path: row.path, top: row.parentId === null };
  return { id: row.id, username: row.username, role: row.role, scope };
}

export async function endSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}

/** Ends every session of a user: on disabling, on a password reset. */
export async function endUserSessions(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Expired sessions are useless; the retention run clears them so the table stays small. */
export async function deleteExpiredSessions(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
