import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import { enrollDevice } from '../../server/accounts/devices.ts';

/**
 * A second street under the default district, the way the organisation tests need one: street-b
 * → community-b, and on request compound-b (in a zone of its own) with gate-b and device-b. Names
 * are 乙… unless a test needs marked ones (the route-scope test searches answers for its mark).
 */
export async function addSecondStreet(
  db: Kysely<Database>,
  options: { compound?: boolean | { timeZone?: string }; gate?: boolean; prefix?: string; at?: Date } = {},
): Promise<{ street: string; community: string; compound: string; gate: string; device: string; deviceToken: string | null }> {
  const at = (options.at ?? new Date()).toISOString();
  const prefix = options.prefix ?? '乙';
  await db
    .insertInto('org_nodes')
    .values([
      {
        id: 'street-b',
        parent_id: 'org-district',
        level: 'street',
        name: `${prefix}街道`,
        path: '/org-district/street-b/',
        created_at: at,
      },
      {
        id: 'community-b',
        parent_id: 'street-b',
        level: 'community',
        name: `${prefix}社区`,
        path: '/org-district/street-b/community-b/',
        created_at: at,
      },
    ])
    .execute();
  let deviceToken: string | null = null;
  if (options.compound) {
    const zone = typeof options.compound === 'object' ? options.compound.timeZone : undefined;
    await db
      .insertInto('communities')
      .values({
        id: 'compound-b',
        name: `${prefix}小区`,
        roster_version: 1,
        created_at: at,
        org_parent_id: 'community-b',
        ...(zone ? { time_zone: zone } : {}),
      })
      .execute();
    if (options.gate) {
      await db
        .insertInto('gates')
        .values({ id: 'gate-b', community_id: 'compound-b', name: `${prefix}南门`, note: null })
        .execute();
      deviceToken = (await enrollDevice(db, { deviceId: 'device-b', gateId: 'gate-b', now: at })).token;
    }
  }
  return {
    street: 'street-b',
    community: 'community-b',
    compound: 'compound-b',
    gate: 'gate-b',
    device: 'device-b',
    deviceToken,
  };
}
