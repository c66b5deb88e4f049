import type { Kysely } from 'kysely';
import type { UserCreateRequest, UserUpdateRequest, UserView } from '../../protocol/accounts.ts';
import type { Database } from '../db/schema.ts';
import { hashPassword } from './passwords.ts';
import { hashGuardPin, parseGuardPin } from './guard-accounts.ts';
import { createUser, endUserSessions } from './sessions.ts';
import { compoundInScope, nodeInScope, userIdsIn, type Scope } from '../org/scope.ts';

export type UserChange<T> = { ok: true; value: T } | { ok: false; status: 404 | 409; reason: string; message: string };

const USER_COLUMNS = ['id', 'username', 'role', 'created_at', 'disabled_at', 'org_node_id', 'compound_id', 'guard_pin'] as const;

function toView(row: {
  id: string;
  username: string;
  role: UserView['role'];
  created_at: string;
  disabled_at: string | null;
  org_node_id: string;
  compound_id: string | null;
  guard_pin: string | null;
}): UserView {
  const pin = row.role === 'guard' ? parseGuardPin(row.guard_pin) : null;
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
    orgNodeId: row.compound_id === null ? row.org_node_id : null,
    compoundId: row.compound_id,
    guardPin: pin ? { digits: pin.digits } : null,
  };
}

/** A user in the admin's scope; one beside or above it is answered as unknown. */
async function findUser(db: Kysely<Database>, id: string, scope: Scope) {
  return db
    .selectFrom('users')
    .select([...USER_COLUMNS])
    .where('id', '=', id)
    .where('id', 'in', userIdsIn(db, scope))
    .executeTakeFirst();
}

export async function listUsers(db: Kysely<Database>, scope: Scope): Promise<UserView[]> {
  const rows = await db
    .selectFrom('users')
    .select([...USER_COLUMNS])
    .where('id', 'in', userIdsIn(db, scope))
    .orderBy('username')
    .execute();
  return rows.map(toView);
}

/** Where a new user goes: the place named, if it lies in the admin's scope, else the admin's own. */
async function placement(
  db: Kysely<Database>,
  request: UserCreateRequest,
  scope: Scope,
): Promise<UserChange<{ orgNodeId?: string; compoundId: string | null }>> {
  if (request.compoundId !== undefined) {
    if (!(await compoundInScope(db, scope, request.compoundId)))
      return { ok: false, status: 404, reason: 'unknown-community', message: `no community ${request.compoundId} in your scope` };
    return { ok: true, value: { compoundId: request.compoundId } };
  }
  if (request.orgNodeId !== undefined) {
    if (!(await nodeInScope(db, scope, request.orgNodeId)))
      return { ok: false, status: 404, reason: 'unknown-node', message: `no node ${request.orgNodeId} in your scope` };
    return { ok: true, value: { orgNodeId: request.orgNodeId, compoundId: null } };
  }
  return {
    ok: true,
    value: scope.kind === 'compound' ? { compoundId: scope.compoundId } : { orgNodeId: scope.nodeId, compoundId: null },
  };
}

export async function addUser(
  db: Kysely<Database>,
  request: UserCreateRequest,
  now: string,
  scope: Scope,
): Promise<UserChange<UserView>> {
  const place = await placement(db, request, scope);
  if (!place.ok) return place;
  const taken = await db.selectFrom('users').select('id').where('username', '=', request.username).executeTakeFirst();
  if (taken) return { ok: false, status: 409, reason: 'username-taken', message: `the username ${request.username} is taken` };
  const id = await createUser(db, { ...request, ...place.value, now });
  const row = await db
    .selectFrom('users')
    .select([...USER_COLUMNS])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { ok: true, value: toView(row) };
}

/**
 * Role and disabled changes. An admin cannot disable or demote themselves: the last admin doing
 * so by mistake would leave nobody able to manage accounts.
 */
export async function updateUser(
  db: Kysely<Database>,
  id: string,
  change: UserUpdateRequest,
  actingUserId: string,
  now: string,
  scope: Scope,
): Promise<UserChange<UserView>> {
  const user = await findUser(db, id, scope);
  if (!user) return { ok: false, status: 404, reason: 'unknown-user', message: `no user ${id}` };
  if (id === actingUserId && (change.disabled === true || (change.role !== undefined && change.role !== 'admin'))) {
    return { ok: false, status: 409, reason: 'own-account', message: 'you cannot disable or demote your own account' };
  }
  const disabledAt = change.disabled === undefined ? user.disabled_at : change.disabled ? (user.disabled_at ?? now) : null;
  const role = change.role ?? user.role;
  await db.updateTable('users').set({ role, disabled_at: disabledAt }).where('id', '=', id).execute();
  // A disabled user or one whose role changed signs in again, so no session carries old rights.
  if (disabledAt !== user.disabled_at || role !== user.role) await endUserSessions(db, id);
  return { ok: true, value: toView({ ...user, role, disabled_at: disabledAt }) };
}

export async function resetPassword(
  db: Kysely<Database>,
  id: string,
  password: string,
  scope: Scope,
): Promise<UserChange<UserView>> {
  const user = await findUser(db, id, scope);
  if (!user) return { ok: false, status: 404, reason: 'unknown-user', message: `no user ${id}` };
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(password) })
    .where('id', '=', id)
    .execute();
  await endUserSessions(db, id);
  return { ok: true, value: toView(user) };
}

/** A guard's new kiosk PIN; the gates pick its hash up on their next sync. */
export async function setGuardPinById(
  db: Kysely<Database>,
  id: string,
  pin: string,
  scope: Scope,
): Promise<UserChange<UserView>> {
  const user = await findUser(db, id, scope);
  if (!user) return { ok: false, status: 404, reason: 'unknown-user', message: `no user ${id}` };
  if (user.role !== 'guard')
    return { ok: false, status: 409, reason: 'not-a-guard', message: 'only guard accounts have a kiosk PIN' };
  const guardPin = JSON.stringify(await hashGuardPin(pin));
  await db.updateTable('users').set({ guard_pin: guardPin }).where('id', '=', id).execute();
  return { ok: true, value: toView({ ...user, guard_pin: guardPin }) };
}
