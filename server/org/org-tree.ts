import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  CHILD_LEVEL,
  DEFAULT_LEVEL_NAMES,
  type LevelNames,
  type OrgNodeCreateRequest,
  type OrgTreeNode,
  type OrgTreeResponse,
} from '../../protocol/org.ts';
import type { Database } from '../db/schema.ts';
import { compoundIdsIn, compoundInScope, nodeInScope, type Scope } from './scope.ts';
import { followTree } from './inherited-settings.ts';
import { refuse, type AdminResult } from '../roster-admin/admin-result.ts';

/** The caller's part of the tree, parents before children: its nodes, then its compounds. */
export async function orgTree(db: Kysely<Database>, scope: Scope): Promise<OrgTreeResponse> {
  const compounds = await db
    .selectFrom('communities')
    .select(['id', 'name', 'org_parent_id', 'time_zone'])
    .where('id', 'in', compoundIdsIn(db, scope))
    .orderBy('name')
    .execute();
  const compoundNodes: OrgTreeNode[] = compounds.map((c) => ({
    id: c.id,
    parentId: scope.kind === 'compound' ? null : c.org_parent_id,
    level: 'compound',
    name: c.name,
    timeZone: c.time_zone,
  }));
  const names = await levelNames(db);
  if (scope.kind === 'compound') return { root: scope.compoundId, nodes: compoundNodes, levelNames: names };
  // The tree above compounds is small (a city has a few hundred streets and communities): read it whole.
  const all = await db.selectFrom('org_nodes').select(['id', 'parent_id', 'level', 'name', 'path']).execute();
  const depth = (path: string) => path.split('/').length;
  const inScope = all
    .filter((n) => n.path.startsWith(scope.path))
    .sort((a, b) => depth(a.path) - depth(b.path) || a.name.localeCompare(b.name, 'zh-CN'));
  return {
    root: scope.nodeId,
    nodes: [
      ...inScope.map((n) => ({
        id: n.id,
        parentId: n.id === scope.nodeId ? null : n.parent_id,
        level: n.level,
        name: n.name,
        timeZone: null,
      })),
      ...compoundNodes,
    ],
    levelNames: names,
  };
}

/** A street under a district, a community under a street, a compound under a community; only inside the caller's scope. */
export async function createOrgNode(
  db: Kysely<Database>,
  request: OrgNodeCreateRequest,
  scope: Scope,
  now: string,
): Promise<AdminResult<OrgTreeNode>> {
  const parent = (await nodeInScope(db, scope, request.parentId))
    ? await db.selectFrom('org_nodes').selectAll().where('id', '=', request.parentId).executeTakeFirst()
    : undefined;
  if (!parent) return refuse(404, 'unknown-node', `no node ${request.parentId} in your scope`);
  if (CHILD_LEVEL[parent.level] !== request.level)
    return refuse(400, 'wrong-level', `a ${parent.level} holds ${CHILD_LEVEL[parent.level]} nodes, not ${request.level}`);
  const id = uuidv7();
  if (request.level === 'compound') {
    const zone = await db.selectFrom('communities').select('time_zone').where('org_parent_id', '=', parent.id).executeTakeFirst();
    await db
      .insertInto('communities')
      .values({
        id,
        name: request.name,
        roster_version: 1,
        created_at: now,
        org_parent_id: parent.id,
        ...(zone ? { time_zone: zone.time_zone } : {}),
      })
      .execute();
    // A new compound starts with the rules and questions of the nodes above it, where staff set some.
    await followTree(db, id, { rules: true, questions: true }, now);
    const row = await db.selectFrom('communities').select('time_zone').where('id', '=', id).executeTakeFirstOrThrow();
    return { ok: true, value: { id, parentId: parent.id, level: 'compound', name: request.name, timeZone: row.time_zone } };
  }
  await db
    .insertInto('org_nodes')
    .values({ id, parent_id: parent.id, level: request.level, name: request.name, path: `${parent.path}${id}/`, created_at: now })
    .execute();
  return { ok: true, value: { id, parentId: parent.id, level: request.level, name: request.name, timeZone: null } };
}

/** Sets the zone of one compound, or of every compound below a node; answers how many changed. */
export async function setTimeZone(
  db: Kysely<Database>,
  id: string,
  timeZone: string,
  scope: Scope,
): Promise<AdminResult<{ compounds: number }>> {
  if (await compoundInScope(db, scope, id)) {
    await db.updateTable('communities').set({ time_zone: timeZone }).where('id', '=', id).execute();
    return { ok: true, value: { compounds: 1 } };
  }
  if (!(await nodeInScope(db, scope, id))) return refuse(404, 'unknown-node', `no node ${id} in your scope`);
  const node = await db.selectFrom('org_nodes').select('path').where('id', '=', id).executeTakeFirstOrThrow();
  const result = await db
    .updateTable('communities')
    .set({ time_zone: timeZone })
    .where('id', 'in', compoundIdsIn(db, { kind: 'node', nodeId: id, path: node.path, top: false }))
    .executeTakeFirst();
  return { ok: true, value: { compounds: Number(result.numUpdatedRows) } };
}

/** What each level is called here: the administrator's names over the defaults. */
export async function levelNames(db: Kysely<Database>): Promise<LevelNames> {
  const rows = await db.selectFrom('org_level_names').selectAll().execute();
  const names: LevelNames = structuredClone(DEFAULT_LEVEL_NAMES);
  for (const row of rows) names[row.level] = { 'zh-CN': row.name_zh, en: row.name_en };
  return names;
}

/** Names all four levels at once (a server-wide setting: the routes let only the top's admins call it). */
export async function saveLevelNames(db: Kysely<Database>, names: LevelNames, now: string): Promise<LevelNames> {
  await db.transaction().execute(async (tx) => {
    for (const level of ['district', 'street', 'community', 'compound'] as const) {
      const values = { name_zh: names[level]['zh-CN'], name_en: names[level].en, updated_at: now };
      await tx
        .insertInto('org_level_names')
        .values({ level, ...values })
        .onConflict((oc) => oc.column('level').doUpdateSet(values))
        .execute();
    }
  });
  return levelNames(db);
}

/** Renames a node or compound inside the caller's scope (its own node included). */
export async function renameOrgNode(
  db: Kysely<Database>,
  id: string,
  name: string,
  scope: Scope,
): Promise<AdminResult<{ id: string; name: string }>> {
  if (await compoundInScope(db, scope, id)) {
    await db.updateTable('communities').set({ name }).where('id', '=', id).execute();
    return { ok: true, value: { id, name } };
  }
  if (!(await nodeInScope(db, scope, id))) return refuse(404, 'unknown-node', `no node ${id} in your scope`);
  await db.updateTable('org_nodes').set({ name }).where('id', '=', id).execute();
  return { ok: true, value: { id, name } };
}
