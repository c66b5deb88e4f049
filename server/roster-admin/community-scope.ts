import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { UserRole } from '../../protocol/review.ts';
import type { Database } from '../db/schema.ts';
import { refuse, type AdminResult } from './admin-result.ts';
import { compoundIdsIn, type Scope } from '../org/scope.ts';

/** Property staff keep the roster, gates and visitor passes. */
export const PROPERTY_ROLES: readonly UserRole[] = ['property', 'admin'];
/** Community staff keep the watch list, the rules and the questions. */
export const COMMUNITY_ROLES: readonly UserRole[] = ['community', 'admin'];
export const STAFF_ROLES: readonly UserRole[] = ['property', 'community', 'admin'];

/**
 * Which community (compound) a console request works on: the `communityId` query parameter if it
 * lies in the caller's scope, or the only compound in that scope (the usual compound install). A
 * compound outside the scope gets the same 404 as one that does not exist.
 */
export async function resolveCommunity(
  db: Kysely<Database>,
  request: FastifyRequest,
  scope: Scope,
): Promise<AdminResult<{ id: string; timeZone: string }>> {
  const requested = (request.query as Record<string, unknown> | undefined)?.communityId;
  const inScope = db
    .selectFrom('communities')
    .select(['id', 'time_zone as timeZone'])
    .where('id', 'in', compoundIdsIn(db, scope));
  if (typeof requested === 'string' && requested !== '') {
    const row = await inScope.where('id', '=', requested).executeTakeFirst();
    return row ? { ok: true, value: row } : refuse(404, 'unknown-community', `no community ${requested}`);
  }
  const rows = await inScope.limit(2).execute();
  if (rows.length === 1) return { ok: true, value: rows[0]! };
  if (rows.length === 0) return refuse(404, 'no-community', 'no community is set up yet: run the seed or create one');
  return refuse(400, 'community-required', 'your scope holds several communities: name one with ?communityId=');
}
