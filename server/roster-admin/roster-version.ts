import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Every change a kiosk must see (roster, vehicles, watch list, visitors, rules, questions, gates)
 * calls this in the same transaction, so a gate holding the old version knows to refetch.
 */
export async function bumpRosterVersion(db: Kysely<Database>, communityId: string): Promise<void> {
  await db
    .updateTable('communities')
    .set({ roster_version: sql<number>`roster_version + 1` })
    .where('id', '=', communityId)
    .execute();
}

/**
 * The snapshot's ETag. It names the version, the device (the snapshot names it), the guard
 * accounts' fingerprint and the community-local date, because expired watch entries and passes
 * drop out at midnight without any write.
 */
export function rosterEtag(snapshot: {
  version: number;
  deviceId: string;
  gateId: string;
  today: string;
  guardsTag: string;
}): string {
  return `"roster-${snapshot.version}-${snapshot.today}-${snapshot.guardsTag}-${snapshot.gateId}-${snapshot.deviceId}"`;
}

/** True when an `If-None-Match` header names the current ETag (a list, weak tags and `*` included). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const candidate = tag.trim().replace(/^W\//, '');
    return candidate === '*' || candidate === etag;
  });
}
