import type { Kysely } from 'kysely';
import { DEFAULT_SCREENING_RULES, type RosterSnapshot } from '../protocol/roster.ts';
import type { Database } from './db/schema.ts';
import type { AuthenticatedDevice } from './ingest.ts';

/** Everything a gate needs to recognise the community's people offline. */
export async function rosterForDevice(db: Kysely<Database>, device: AuthenticatedDevice, generatedAt: string): Promise<RosterSnapshot> {
  const gate = await db
    .selectFrom('gates')
    .innerJoin('communities', 'communities.id', 'gates.community_id')
    .select(['gates.id as gateId', 'gates.name as gateName', 'communities.id as communityId', 'communities.name as communityName', 'communities.roster_version as version'])
    .where('gates.id', '=', device.gateId)
    .executeTakeFirstOrThrow();
  const households = await db
    .selectFrom('households')
    .select(['id', 'building', 'unit', 'room'])
    .where('community_id', '=', gate.communityId)
    .orderBy('building')
    .orderBy('unit')
    .orderBy('room')
    .execute();
  const persons = await db
    .selectFrom('persons')
    .select(['id', 'household_id as householdId', 'name', 'category', 'id_hash as idHash', 'id_masked as idMasked', 'phone'])
    .where('community_id', '=', gate.communityId)
    .orderBy('id')
    .execute();
  return {
    communityId: gate.communityId,
    communityName: gate.communityName,
    version: gate.version,
    generatedAt,
    gate: { id: gate.gateId, name: gate.gateName },
    deviceId: device.id,
    households,
    persons: persons.map(({ phone, ...person }) => ({ ...person, phoneTail: phone ? phone.slice(-4) : null })),
    // Vehicles, the watch list, visitor passes, the question set and per-community rules are not
    // stored yet: the snapshot carries none and the protocol's default rules.
    vehicles: [],
    watch: [],
    visitors: [],
    questionSet: null,
    rules: DEFAULT_SCREENING_RULES,
    guards: [],
  };
}
