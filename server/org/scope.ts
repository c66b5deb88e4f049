import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { ScopeView } from '../../protocol/org.ts';
import type { Database } from '../db/schema.ts';
import { sendApiError } from '../http/api-errors.ts';

/**
 * What a caller may see: a tree node and everything below it, or one compound. Every route that
 * reads or writes compound data narrows its query by `compoundIdsIn` / `gateIdsIn`, and refuses an
 * id outside the scope with the same 404 it gives an id that does not exist (so a caller learns
 * nothing about a neighbour's data).
 */
export type Scope = { kind: 'node'; nodeId: string; path: string; top: boolean } | { kind: 'compound'; compoundId: string };

/** The top of the default tree (migration 0090): everything, as an install without a tree sees it. */
export const DEFAULT_TOP_SCOPE: Scope = { kind: 'node', nodeId: 'org-district', path: '/org-district/', top: true };

export type ScopeOutcome = { ok: true; scope: Scope } | { ok: false; status: 404; error: string; message: string };

/** Nodes whose path starts with the scope's: a prefix match by length, so no LIKE wildcard can widen it. */
function nodesUnder(db: Kysely<Database>, path: string) {
  return db
    .selectFrom('org_nodes')
    .select('org_nodes.id')
    .where(sql<string>`substr(org_nodes.path, 1, ${path.length})`, '=', path);
}

/** The ids of the compounds (communities rows) in scope, as a subquery. */
export function compoundIdsIn(db: Kysely<Database>, scope: Scope) {
  const select = db.selectFrom('communities').select('communities.id');
  return scope.kind === 'compound'
    ? select.where('communities.id', '=', scope.compoundId)
    : select.where('communities.org_parent_id', 'in', nodesUnder(db, scope.path));
}

/** The ids of the gates of the compounds in scope, as a subquery. */
export function gateIdsIn(db: Kysely<Database>, scope: Scope) {
  return db.selectFrom('gates').select('gates.id').where('gates.community_id', 'in', compoundIdsIn(db, scope));
}

/**
 * The ids of the users in scope: those of a compound in it, and those of a node in it. An admin
 * manages these accounts and reads their trail, never one above or beside.
 */
export function userIdsIn(db: Kysely<Database>, scope: Scope) {
  const select = db.selectFrom('users').select('users.id');
  if (scope.kind === 'compound') return select.where('users.compound_id', '=', scope.compoundId);
  return select.where((eb) =>
    eb.or([
      eb('users.compound_id', 'in', compoundIdsIn(db, scope)),
      eb.and([eb('users.compound_id', 'is', null), eb('users.org_node_id', 'in', nodesUnder(db, scope.path))]),
    ]),
  );
}

export async function nodeInScope(db: Kysely<Database>, scope: Scope, nodeId: string): Promise<boolean> {
  if (scope.kind === 'compound') return false;
  const row = await nodesUnder(db, scope.path).where('org_nodes.id', '=', nodeId).executeTakeFirst();
  return row !== undefined;
}

export async function compoundInScope(db: Kysely<Database>, scope: Scope, compoundId: string): Promise<boolean> {
  if (scope.kind === 'compound') return scope.compoundId === compoundId;
  const row = await compoundIdsIn(db, scope).where('communities.id', '=', compoundId).executeTakeFirst();
  return row !== undefined;
}

export async function gateInScope(db: Kysely<Database>, scope: Scope, gateId: string): Promise<boolean> {
  const row = await gateIdsIn(db, scope).where('gates.id', '=', gateId).executeTakeFirst();
  return row !== undefined;
}

/** The scope of a user row: one compound when the user belongs to one, else the user's node. */
export async function scopeOfUser(
  db: Kysely<Database>,
  user: { org_node_id: string; compound_id: string | null },
): Promise<Scope> {
  if (user.compound_id !== null) return { kind: 'compound', compoundId: user.compound_id };
  const node = await db
    .selectFrom('org_nodes')
    .select(['id', 'path', 'parent_id'])
    .where('id', '=', user.org_node_id)
    .executeTakeFirstOrThrow();
  return { kind: 'node', nodeId: node.id, path: node.path, top: node.parent_id === null };
}

/** A node or compound given by id, if it lies within `base`. */
export async function narrowScope(
  db: Kysely<Database>,
  base: Scope,
  narrow: { communityId?: string | undefined; nodeId?: string | undefined },
): Promise<ScopeOutcome> {
  if (narrow.communityId) {
    return (await compoundInScope(db, base, narrow.communityId))
      ? { ok: true, scope: { kind: 'compound', compoundId: narrow.communityId } }
      : { ok: false, status: 404, error: 'unknown-community', message: `no community ${narrow.communityId} in your scope` };
  }
  if (narrow.nodeId) {
    const node =
      base.kind === 'node'
        ? await db
            .selectFrom('org_nodes')
            .select(['id', 'path', 'parent_id'])
            .where('id', '=', narrow.nodeId)
            .where(sql<string>`substr(org_nodes.path, 1, ${base.path.length})`, '=', base.path)
            .executeTakeFirst()
        : undefined;
    if (node) return { ok: true, scope: { kind: 'node', nodeId: node.id, path: node.path, top: node.parent_id === null } };
    // A compound's id names the compound.
    return narrowScope(db, base, { communityId: narrow.nodeId }).then((outcome) =>
      outcome.ok ? outcome : { ok: false, status: 404, error: 'unknown-node', message: `no node ${narrow.nodeId} in your scope` },
    );
  }
  return { ok: true, scope: base };
}

/** The nodes strictly above a scope never appear in it; the scope's own name for the console. */
export async function scopeView(db: Kysely<Database>, scope: Scope): Promise<ScopeView> {
  if (scope.kind === 'compound') {
    const row = await db.selectFrom('communities').select('name').where('id', '=', scope.compoundId).executeTakeFirst();
    return { kind: 'compound', id: scope.compoundId, level: 'compound', name: row?.name ?? scope.compoundId };
  }
  const row = await db.selectFrom('org_nodes').select(['name', 'level']).where('id', '=', scope.nodeId).executeTakeFirstOrThrow();
  return { kind: 'node', id: scope.nodeId, level: row.level, name: row.name };
}

function queryText(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The scope a request works on: the signed-in user's, narrowed by `?communityId=` (a compound) or
 * `?nodeId=` (a node or compound) when given. Sends the refusal and answers null when the named
 * node lies outside the user's scope.
 */
export async function requestScope(db: Kysely<Database>, request: FastifyRequest, reply: FastifyReply): Promise<Scope | null> {
  if (!request.user) throw new Error(`${request.method} ${request.url}: no user; does the route declare access roles(...)?`);
  const outcome = await narrowScope(db, request.user.scope, {
    communityId: queryText(request, 'communityId'),
    nodeId: queryText(request, 'nodeId'),
  });
  if (outcome.ok) return outcome.scope;
  sendApiError(reply, outcome.status, outcome.error, outcome.message);
  return null;
}

/** Server-wide settings (retention, backups) are for the top of the tree only. */
export function isTopScope(scope: Scope): boolean {
  return scope.kind === 'node' && scope.top;
}
