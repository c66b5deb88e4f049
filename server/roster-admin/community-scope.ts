import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { UserRole } from '../../protocol/review.ts';
import type { Database } from '../db/schema.ts';
import { refuse, type AdminResult } from './admin-result.ts';

/** Property staff keep the roster, gates and visitor passes. */
export const PROPERTY_ROLES: readonly UserRole[] = ['property', 'admin'];
/** Community staff keep the watch list, the rules and the questions. */
export const COMMUNITY_ROLES: readonly UserRole[] = ['community', 'admin'];
export const STAFF_ROLES: readonly UserRole[] = ['property', 'community', 'admin'];

/**
 * Which community a console request works on: the `communityId` query parameter, or the only
 * community when the server holds just one (the usual compound install).
 */
export async function resolveCommunity(db: Kysely<Database>, request: FastifyRequest): Promise<AdminResult<string>> {
  const requested = (request.query as Record<string, unknown> | undefined)?.communityId;
  if (typeof requested === 'string' && requested !== '') {
    const row = await db.selectFrom('communities').select('id').where('id', '=', requested).executeTakeFirst();
    return row ? { ok: true, value: row.id } : refuse(404, 'unknown-community', `no community ${requested}`);
  }
  const rows = await db.selectFrom('communities').select('id').limit(2).execute();
  if (rows.length === 1) return { ok: true, value: rows[0]!.id };
  if (rows.length === 0) return refuse(404, 'no-community', 'no community is set up yet: run the seed or create one');
  return refuse(400, 'community-required', 'this server holds several communities: name one with ?communityId=');
}
