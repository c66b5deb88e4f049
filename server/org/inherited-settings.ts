import type { FastifyRequest } from 'fastify';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { SettingsSource } from '../../protocol/org.ts';
import { DEFAULT_SCREENING_RULES, Question, type QuestionSet, type ScreeningRules } from '../../protocol/roster.ts';
import type { QuestionSetsView } from '../../protocol/roster-admin.ts';
import type { Database } from '../db/schema.ts';
import { bumpRosterVersion } from '../roster-admin/roster-version.ts';
import { compoundIdsIn, type Scope } from './scope.ts';

/**
 * Rules and questions set at a community or street node and inherited by the compounds below:
 * the nearest node that set them wins, and a compound whose staff set their own keeps those until
 * they choose to follow the tree again. Each compound holds its own copy, marked with the node it
 * came from, so the gate's snapshot and the review read one place and question versions stay the
 * compound's own.
 */
export interface TreeNode {
  id: string;
  path: string;
}

type Db = Kysely<Database> | Transaction<Database>;

/** Ids from the top down to the node itself: `/a/b/c/` → a, b, c. */
function lineage(path: string): string[] {
  return path.split('/').filter((part) => part !== '');
}

/** A tree node named by `?nodeId=` inside the caller's scope; null when none is named or it is a compound; 'refused' outside the scope. */
export async function settingsNode(db: Db, request: FastifyRequest, scope: Scope): Promise<TreeNode | null | 'refused'> {
  const id = (request.query as Record<string, unknown> | undefined)?.nodeId;
  if (typeof id !== 'string' || id === '') return null;
  const node = await db.selectFrom('org_nodes').select(['id', 'path']).where('id', '=', id).executeTakeFirst();
  if (!node) {
    const compound = await compoundIdsIn(db, scope).where('communities.id', '=', id).executeTakeFirst();
    return compound ? null : 'refused';
  }
  if (scope.kind !== 'node' || !node.path.startsWith(scope.path)) return 'refused';
  return node;
}

function rulesOf(row: {
  fever_threshold_c: number;
  baseline_offset_c: number;
  home_observation_days: number;
  goal_fever_c: number | null;
  goal_find_share: number | null;
}): ScreeningRules {
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

function rulesRow(rules: ScreeningRules, now: string) {
  return {
    fever_threshold_c: rules.feverThresholdC,
    baseline_offset_c: rules.baselineOffsetC,
    home_observation_days: rules.homeObservationDays,
    goal_fever_c: rules.goal?.feverC ?? null,
    goal_find_share: rules.goal?.findShare ?? null,
    updated_at: now,
  };
}

/** The rules in force at a node: its own, or the nearest node's above it that set some. */
export async function nodeRules(db: Db, path: string): Promise<{ rules: ScreeningRules; from: string | null }> {
  const ids = lineage(path);
  const rows = await db.selectFrom('node_screening_rules').selectAll().where('node_id', 'in', ids).execute();
  const nearest = rows.sort((a, b) => ids.indexOf(b.node_id) - ids.indexOf(a.node_id))[0];
  return nearest ? { rules: rulesOf(nearest), from: nearest.node_id } : { rules: DEFAULT_SCREENING_RULES, from: null };
}

/** The questions in force at a node: the newest set of the nearest node that published some. */
export async function nodeQuestions(db: Db, path: string): Promise<{ view: QuestionSetsView; from: string | null }> {
  const ids = lineage(path);
  const rows = await db
    .selectFrom('node_question_sets')
    .select(['node_id', 'version', 'questions'])
    .where('node_id', 'in', ids)
    .orderBy('version', 'desc')
    .execute();
  const nearestId = [...ids].reverse().find((id) => rows.some((r) => r.node_id === id));
  if (!nearestId) return { view: { current: null, previousVersions: [] }, from: null };
  const own = rows.filter((r) => r.node_id === nearestId);
  const latest = own[0]!;
  const current: QuestionSet = { version: latest.version, questions: Question.array().parse(JSON.parse(latest.questions)) };
  return { view: { current, previousVersions: own.slice(1).map((r) => r.version) }, from: nearestId };
}

/** Whether a compound whose copy came from `source` takes what `node` now sets: it does unless it set its own or follows a node below `node`. */
function follows(source: string | null | undefined, node: TreeNode): boolean {
  if (source === null) return false;
  if (source === undefined) return true;
  return lineage(node.path).includes(source);
}

/** The compounds below a node with the node each one's rules and newest questions came from (undefined: none set). */
async function compoundsBelow(db: Db, node: TreeNode) {
  const ids = await compoundIdsIn(db as Kysely<Database>, {
    kind: 'node',
    nodeId: node.id,
    path: node.path,
    top: false,
  }).execute();
  const compoundIds = ids.map((r) => r.id);
  if (compoundIds.length === 0) return [];
  const rules = await db
    .selectFrom('screening_rules')
    .select(['community_id', 'inherited_from'])
    .where('community_id', 'in', compoundIds)
    .execute();
  const latest = await db
    .selectFrom('question_sets as q')
    .select(['q.community_id', 'q.inherited_from', 'q.version'])
    .where('q.community_id', 'in', compoundIds)
    .where('q.version', '=', (eb) =>
      eb
        .selectFrom('question_sets as n')
        .select(sql<number>`max(n.version)`.as('v'))
        .whereRef('n.community_id', '=', 'q.community_id'),
    )
    .execute();
  return compoundIds.map((id) => ({
    id,
    rulesFrom: rules.find((r) => r.community_id === id)?.inherited_from,
    questionsFrom: latest.find((q) => q.community_id === id)?.inherited_from,
  }));
}

async function copyRulesInto(db: Db, compoundId: string, rules: ScreeningRules, from: string | null, now: string): Promise<void> {
  const values = { ...rulesRow(rules, now), inherited_from: from };
  await db
    .insertInto('screening_rules')
    .values({ community_id: compoundId, ...values })
    .onConflict((oc) => oc.column('community_id').doUpdateSet(values))
    .execute();
  await bumpRosterVersion(db, compoundId);
}

async function copyQuestionsInto(db: Db, compoundId: string, questions: string, from: string, now: string): Promise<number> {
  const latest = await db
    .selectFrom('question_sets')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('community_id', '=', compoundId)
    .executeTakeFirst();
  const version = Number(latest?.version ?? 0) + 1;
  await db
    .insertInto('question_sets')
    .values({ community_id: compoundId, version, questions, created_at: now, inherited_from: from })
    .execute();
  await bumpRosterVersion(db, compoundId);
  return version;
}

/** Sets a node's rules and hands them to every compound below that follows the tree; answers how many took them. */
export async function saveNodeRules(
  db: Kysely<Database>,
  node: TreeNode,
  rules: ScreeningRules,
  now: string,
): Promise<{ rules: ScreeningRules; compounds: number }> {
  return db.transaction().execute(async (tx) => {
    const row = rulesRow(rules, now);
    await tx
      .insertInto('node_screening_rules')
      .values({ node_id: node.id, ...row })
      .onConflict((oc) => oc.column('node_id').doUpdateSet(row))
      .execute();
    let compounds = 0;
    for (const compound of await compoundsBelow(tx, node))
      if (follows(compound.rulesFrom, node)) {
        await copyRulesInto(tx, compound.id, rules, node.id, now);
        compounds += 1;
      }
    return { rules, compounds };
  });
}

/** Publishes a node's questions (a new version of the node's) and a new version in every compound below that follows the tree. */
export async function publishNodeQuestions(
  db: Kysely<Database>,
  node: TreeNode,
  questions: readonly Question[],
  now: string,
): Promise<{ set: QuestionSet; compounds: number }> {
  return db.transaction().execute(async (tx) => {
    const latest = await tx
      .selectFrom('node_question_sets')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('node_id', '=', node.id)
      .executeTakeFirst();
    const version = Number(latest?.version ?? 0) + 1;
    const text = JSON.stringify(questions);
    await tx.insertInto('node_question_sets').values({ node_id: node.id, version, questions: text, created_at: now }).execute();
    let compounds = 0;
    for (const compound of await compoundsBelow(tx, node))
      if (follows(compound.questionsFrom, node)) {
        await copyQuestionsInto(tx, compound.id, text, node.id, now);
        compounds += 1;
      }
    return { set: { version, questions: [...questions] }, compounds };
  });
}

async function parentPathOf(db: Db, compoundId: string): Promise<string> {
  const row = await db
    .selectFrom('communities')
    .innerJoin('org_nodes', 'org_nodes.id', 'communities.org_parent_id')
    .select('org_nodes.path')
    .where('communities.id', '=', compoundId)
    .executeTakeFirstOrThrow();
  return row.path;
}

/**
 * A compound follows the tree again (or, new, starts to): it takes the rules and the questions of
 * the nearest node above that set them. With no rules above it keeps the defaults; with no
 * questions above it keeps its own until a node publishes some.
 */
export async function followTree(
  db: Kysely<Database>,
  compoundId: string,
  what: { rules: boolean; questions: boolean },
  now: string,
): Promise<{ rulesFrom: string | null; questionsFrom: string | null }> {
  return db.transaction().execute(async (tx) => {
    const path = await parentPathOf(tx, compoundId);
    let rulesFrom: string | null = null;
    let questionsFrom: string | null = null;
    if (what.rules) {
      const above = await nodeRules(tx, path);
      rulesFrom = above.from;
      if (above.from) await copyRulesInto(tx, compoundId, above.rules, above.from, now);
      else {
        await tx.deleteFrom('screening_rules').where('community_id', '=', compoundId).execute();
        await bumpRosterVersion(tx, compoundId);
      }
    }
    if (what.questions) {
      const above = await nodeQuestions(tx, path);
      questionsFrom = above.from;
      if (above.from && above.view.current)
        await copyQuestionsInto(tx, compoundId, JSON.stringify(above.view.current.questions), above.from, now);
    }
    return { rulesFrom, questionsFrom };
  });
}

/** Where a compound's rules and newest questions came from: a node (with its name), or null for its own or the defaults. */
export async function settingsSource(db: Db, compoundId: string): Promise<SettingsSource> {
  const rules = await db
    .selectFrom('screening_rules')
    .select('inherited_from')
    .where('community_id', '=', compoundId)
    .executeTakeFirst();
  const questions = await db
    .selectFrom('question_sets')
    .select('inherited_from')
    .where('community_id', '=', compoundId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const ids = [rules?.inherited_from, questions?.inherited_from].filter((id): id is string => typeof id === 'string');
  const names =
    ids.length > 0 ? await db.selectFrom('org_nodes').select(['id', 'name', 'level']).where('id', 'in', ids).execute() : [];
  const named = (id: string | null | undefined) => names.find((n) => n.id === id) ?? null;
  return { rulesFrom: named(rules?.inherited_from), questionsFrom: named(questions?.inherited_from) };
}
