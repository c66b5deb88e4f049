import { sql, type Kysely } from 'kysely';
import { addDays, COMMUNITY_TIME_ZONE } from '../../protocol/community-date.ts';
import { DEFAULT_REPORT_DEADLINE, type DeadlineSetting, type ReportDeadline } from '../../protocol/daily-reports.ts';
import { zonedInstant } from '../../protocol/zoned-time.ts';
import type { Database } from '../db/schema.ts';

/** Names in pinyin order, as the tree lists them. */
export function byName(a: { name: string; id: string }, b: { name: string; id: string }): number {
  return a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id);
}

/** A community node with what its deadline needs: its path (for the settings above it) and its clock. */
export interface CommunityClock {
  id: string;
  name: string;
  path: string;
  timeZone: string;
}

/**
 * The community nodes whose path starts with `path` (a node's subtree), each with the zone of its
 * compounds: the most common one, Beijing for a community without compounds yet.
 */
export async function communitiesUnder(db: Kysely<Database>, path: string): Promise<CommunityClock[]> {
  const nodes = await db
    .selectFrom('org_nodes')
    .select(['id', 'name', 'path'])
    .where('level', '=', 'community')
    .where(sql<string>`substr(org_nodes.path, 1, ${path.length})`, '=', path)
    .execute();
  // Sorted here, not in SQL: SQLite and PostgreSQL order Chinese names differently; this is pinyin order on both.
  nodes.sort(byName);
  if (nodes.length === 0) return [];
  const zones = await db
    .selectFrom('communities')
    .select(['org_parent_id', 'time_zone', (eb) => eb.fn.countAll<number>().as('compounds')])
    .where(
      'org_parent_id',
      'in',
      nodes.map((n) => n.id),
    )
    .groupBy(['org_parent_id', 'time_zone'])
    .execute();
  const zoneOf = new Map<string, { zone: string; compounds: number }>();
  for (const row of zones) {
    const best = zoneOf.get(row.org_parent_id);
    if (!best || Number(row.compounds) > best.compounds)
      zoneOf.set(row.org_parent_id, { zone: row.time_zone, compounds: Number(row.compounds) });
  }
  return nodes.map((n) => ({ ...n, timeZone: zoneOf.get(n.id)?.zone ?? COMMUNITY_TIME_ZONE }));
}

/** Every deadline set anywhere (a tree has a few hundred nodes at most), by node id. */
async function deadlineRows(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('report_deadlines')
    .innerJoin('org_nodes', 'org_nodes.id', 'report_deadlines.node_id')
    .select(['report_deadlines.node_id', 'report_deadlines.days_after', 'report_deadlines.at_time', 'org_nodes.name'])
    .execute();
  return new Map(rows.map((r) => [r.node_id, r]));
}

/** The setting a node at `path` works to: its own, else the nearest above it, else the default. */
function settingAt(rows: Awaited<ReturnType<typeof deadlineRows>>, path: string): DeadlineSetting {
  const ids = path.split('/').filter((id) => id !== '');
  for (const id of ids.reverse()) {
    const row = rows.get(id);
    if (row) return { daysAfter: row.days_after, time: row.at_time, from: { id, name: row.name } };
  }
  return { ...DEFAULT_REPORT_DEADLINE, from: null };
}

/** Resolves deadlines for many communities with one read of the settings. */
export async function deadlineResolver(db: Kysely<Database>) {
  const rows = await deadlineRows(db);
  return {
    settingAt: (path: string) => settingAt(rows, path),
    /** The instant a community's report for `day` falls due, on its own clock. */
    dueAt(community: CommunityClock, day: string): Date {
      const setting = settingAt(rows, community.path);
      return zonedInstant(addDays(day, setting.daysAfter), setting.time, community.timeZone);
    },
  };
}

/** Sets when reports fall due for the communities at and below a node. */
export async function saveDeadline(
  db: Kysely<Database>,
  nodeId: string,
  deadline: ReportDeadline,
  by: { userId: string; at: string },
): Promise<void> {
  const values = { days_after: deadline.daysAfter, at_time: deadline.time, updated_at: by.at, updated_by: by.userId };
  await db
    .insertInto('report_deadlines')
    .values({ node_id: nodeId, ...values })
    .onConflict((oc) => oc.column('node_id').doUpdateSet(values))
    .execute();
}
