import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';

/**
 * A second street office beside the default one (migration 0090's tree), with one community:
 * `street-b` → `community-b`, where tests put a compound a street A user must never see.
 */
export async function addStreetB(
  db: Kysely<Database>,
  at: string,
  names: { street: string; community: string } = { street: '乙街道', community: '乙社区' },
): Promise<void> {
  await db
    .insertInto('org_nodes')
    .values([
      {
        id: 'street-b',
        parent_id: 'org-district',
        level: 'street',
        name: names.street,
        path: '/org-district/street-b/',
        created_at: at,
      },
      {
        id: 'community-b',
        parent_id: 'street-b',
        level: 'community',
        name: names.community,
        path: '/org-district/street-b/community-b/',
        created_at: at,
      },
    ])
    .execute();
}
