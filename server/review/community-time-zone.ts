import { COMMUNITY_TIME_ZONE } from '../../protocol/community-date.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Each gate's community time zone (migration 0060); the gates table is small, so one read answers all. */
export async function gateTimeZones(db: Kysely<Database>, gateIds?: readonly string[]): Promise<Map<string, string>> {
  let select = db
    .selectFrom('gates')
    .innerJoin('communities', 'communities.id', 'gates.community_id')
    .select(['gates.id as gateId', 'communities.time_zone as timeZone']);
  if (gateIds) {
    if (gateIds.length === 0) return new Map();
    select = select.where('gates.id', 'in', [...new Set(gateIds)]);
  }
  return new Map((await select.execute()).map((row) => [row.gateId, row.timeZone]));
}

/** Where no community says otherwise: the zone every community had before it was a setting. */
export const DEFAULT_TIME_ZONE = COMMUNITY_TIME_ZONE;
