import type { Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import {
  DEFAULT_SCREENING_RULES,
  Question,
  type QuestionSet,
  type RosterSnapshot,
  type ScreeningRules,
  type WatchEntry,
} from '../../protocol/roster.ts';
import { zonedTime } from '../../protocol/zoned-time.ts';
import type { Database } from '../db/schema.ts';
import { guardAccounts } from '../accounts/guard-accounts.ts';
import type { AuthenticatedDevice } from './ingest.ts';

/**
 * What decides whether a cached snapshot is still current, read without building the snapshot:
 * the community's roster version, and a fingerprint of the guard accounts, which belong to no
 * community and change (PIN set, guard disabled) without a roster version bump.
 */
export async function rosterStateForDevice(
  db: Kysely<Database>,
  device: AuthenticatedDevice,
): Promise<{ version: number; communityId: string; timeZone: string; guardsTag: string }> {
  const row = await db
    .selectFrom('gates')
    .innerJoin('communities', 'communities.id', 'gates.community_id')
    .select(['communities.id as communityId', 'communities.roster_version as version', 'communities.time_zone as timeZone'])
    .where('gates.id', '=', device.gateId)
    .executeTakeFirstOrThrow();
  const guardsTag = createHash('sha256')
    .update(JSON.stringify(await guardAccounts(db, row.communityId)))
    .digest('base64url')
    .slice(0, 16);
  return { ...row, guardsTag };
}

export async function screeningRulesFor(db: Kysely<Database>, communityId: string): Promise<ScreeningRules> {
  const row = await db.selectFrom('screening_rules').selectAll().where('community_id', '=', communityId).executeTakeFirst();
  if (!row) return DEFAULT_SCREENING_RULES;
  return {
    feverThresholdC: row.fever_threshold_c,
    baselineOffsetC: row.baseline_offset_c,
    homeObservationDays: row.home_observation_days,
    goal:
      row.goal_fever_c === null || row.goal_find_share === null
        ? null
        : { feverC: row.goal_fever_c, findShare: row.goal_find_share },
  };
}

/** The newest version of the community's question set, or null before one is written. */
export async function currentQuestionSet(db: Kysely<Database>, communityId: string): Promise<QuestionSet | null> {
  const row = await db
    .selectFrom('question_sets')
    .select(['version', 'questions'])
    .where('community_id', '=', communityId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return { version: row.version, questions: Question.array().parse(JSON.parse(row.questions)) };
}

/**
 * Watch entries the gates must act on: not released and not past their end date. Entries that
 * start in the future are included so an offline kiosk still knows on the day they begin.
 */
export async function activeWatchEntries(db: Kysely<Database>, communityId: string, today: string): Promise<WatchEntry[]> {
  const rows = await db
    .selectFrom('watch_entries')
    .select(['id', 'kind', 'person_id', 'household_id', 'start_date', 'end_date', 'origin', 'arrival_date', 'note'])
    .where('community_id', '=', communityId)
    .where('released_at', 'is', null)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)]))
    .orderBy('start_date')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    personId: r.person_id,
    householdId: r.household_id,
    startDate: r.start_date,
    endDate: r.end_date,
    origin: r.origin,
    arrivalDate: r.arrival_date,
    note: r.note,
  }));
}

/** Everything a gate needs to recognise the community's people offline. */
export async function rosterForDevice(
  db: Kysely<Database>,
  device: AuthenticatedDevice,
  generatedAt: string,
): Promise<RosterSnapshot> {
  const gate = await db
    .selectFrom('gates')
    .innerJoin('communities', 'communities.id', 'gates.community_id')
    .select([
      'gates.id as gateId',
      'gates.name as gateName',
      'communities.id as communityId',
      'communities.name as communityName',
      'communities.roster_version as version',
      'communities.time_zone as timeZone',
    ])
    .where('gates.id', '=', device.gateId)
    .executeTakeFirstOrThrow();
  const today = zonedTime(generatedAt, gate.timeZone).date;
  const communityId = gate.communityId;
  const households = await db
    .selectFrom('households')
    .select(['id', 'building', 'unit', 'room'])
    .where('community_id', '=', communityId)
    .orderBy('building')
    .orderBy('unit')
    .orderBy('room')
    .execute();
  const persons = await db
    .selectFrom('persons')
    .select(['id', 'household_id as householdId', 'name', 'category', 'id_hash as idHash', 'id_masked as idMasked', 'phone'])
    .where('community_id', '=', communityId)
    .orderBy('id')
    .execute();
  const vehicles = await db
    .selectFrom('vehicles')
    .select(['plate', 'household_id as householdId'])
    .where('community_id', '=', communityId)
    .orderBy('plate')
    .execute();
  const visitors = await db
    .selectFrom('visitor_passes')
    .select([
      'code',
      'name',
      'host_household_id as hostHouseholdId',
      'valid_from as validFrom',
      'valid_until as validUntil',
      'vehicle_plate as vehiclePlate',
    ])
    .where('community_id', '=', communityId)
    .where('revoked_at', 'is', null)
    .where('valid_until', '>=', today)
    .orderBy('valid_from')
    .orderBy('code')
    .execute();
  return {
    communityId,
    communityName: gate.communityName,
    timeZone: gate.timeZone,
    version: gate.version,
    generatedAt,
    gate: { id: gate.gateId, name: gate.gateName },
    deviceId: device.id,
    households,
    persons: persons.map(({ phone, ...person }) => ({ ...person, phoneTail: phone ? phone.slice(-4) : null })),
    vehicles,
    watch: await activeWatchEntries(db, communityId, today),
    visitors,
    questionSet: await currentQuestionSet(db, communityId),
    rules: await screeningRulesFor(db, communityId),
    // Names only: the PINs' hashes go to the gate's own store (GET /api/v1/guard-pins).
    guards: await guardAccounts(db, communityId),
  };
}
