import type { Kysely } from 'kysely';
import type { QuestionSetsView } from '../../protocol/roster-admin.ts';
import type { Question, QuestionSet, ScreeningRules } from '../../protocol/roster.ts';
import type { Database } from '../db/schema.ts';
import { currentQuestionSet, screeningRulesFor } from '../gates/roster-snapshot.ts';
import { bumpRosterVersion } from './roster-version.ts';

export async function saveScreeningRules(
  db: Kysely<Database>,
  communityId: string,
  rules: ScreeningRules,
  now: string,
): Promise<ScreeningRules> {
  return db.transaction().execute(async (trx) => {
    const values = {
      fever_threshold_c: rules.feverThresholdC,
      baseline_offset_c: rules.baselineOffsetC,
      home_observation_days: rules.homeObservationDays,
      goal_fever_c: rules.goal?.feverC ?? null,
      goal_find_share: rules.goal?.findShare ?? null,
      updated_at: now,
      // The compound's own from now on: a node's later change no longer overwrites it.
      inherited_from: null,
    };
    const updated = await trx
      .updateTable('screening_rules')
      .set(values)
      .where('community_id', '=', communityId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      await trx
        .insertInto('screening_rules')
        .values({ community_id: communityId, ...values })
        .execute();
    await bumpRosterVersion(trx, communityId);
    return screeningRulesFor(trx, communityId);
  });
}

export async function questionSets(db: Kysely<Database>, communityId: string): Promise<QuestionSetsView> {
  const versions = await db
    .selectFrom('question_sets')
    .select('version')
    .where('community_id', '=', communityId)
    .orderBy('version', 'desc')
    .execute();
  return { current: await currentQuestionSet(db, communityId), previousVersions: versions.slice(1).map((v) => v.version) };
}

/**
 * A change is a new version, never an edit: entries name the version they were answered under,
 * so the review must still find the words that were asked.
 */
export async function publishQuestionSet(
  db: Kysely<Database>,
  communityId: string,
  questions: Question[],
  now: string,
): Promise<QuestionSet> {
  return db.transaction().execute(async (trx) => {
    const latest = await trx
      .selectFrom('question_sets')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('community_id', '=', communityId)
      .executeTakeFirst();
    const version = Number(latest?.version ?? 0) + 1;
    await trx
      .insertInto('question_sets')
      .values({ community_id: communityId, version, questions: JSON.stringify(questions), created_at: now })
      .execute();
    await bumpRosterVersion(trx, communityId);
    return { version, questions };
  });
}
