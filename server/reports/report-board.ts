import { sql, type Kysely } from 'kysely';
import type { BoardResponse, BoardRow, ReportStatus, StatusCounts } from '../../protocol/daily-reports.ts';
import type { Database } from '../db/schema.ts';
import type { Scope } from '../org/scope.ts';
import { reportStatus, versionRows } from './daily-report.ts';
import { byName, communitiesUnder, deadlineResolver } from './report-deadlines.ts';

/** A street is as behind as its worst community. */
const WORST_FIRST: readonly ReportStatus[] = ['missing', 'late', 'due', 'submitted'];

function emptyCounts(): StatusCounts {
  return { submitted: 0, late: 0, missing: 0, due: 0 };
}

/** A district, street or community node inside the caller's scope. */
export async function nodeWithin(db: Kysely<Database>, scope: Scope, nodeId: string) {
  if (scope.kind === 'compound') return undefined;
  return db
    .selectFrom('org_nodes')
    .select(['id', 'level', 'name', 'path'])
    .where('id', '=', nodeId)
    .where(sql<string>`substr(org_nodes.path, 1, ${scope.path.length})`, '=', scope.path)
    .executeTakeFirst();
}

export type ReportNode = NonNullable<Awaited<ReturnType<typeof nodeWithin>>>;

/** Each community below a node with its report's versions for the day (newest first), its deadline and its status. */
export async function reportsOfDay(db: Kysely<Database>, node: ReportNode, day: string, now: Date) {
  const communities = await communitiesUnder(db, node.path);
  const versions = await versionRows(
    db,
    communities.map((c) => c.id),
    day,
  );
  const deadlines = await deadlineResolver(db);
  return {
    deadlines,
    reports: communities.map((community) => {
      const rows = versions.get(community.id) ?? [];
      const deadline = deadlines.dueAt(community, day);
      return { community, rows, deadline, status: reportStatus(rows, deadline, now) };
    }),
  };
}

/**
 * Who has sent up the day's report: a street sees its communities one by one, a district its
 * streets with their communities counted, a community itself.
 */
export async function reportBoard(db: Kysely<Database>, node: ReportNode, day: string, now: Date): Promise<BoardResponse> {
  const { deadlines, reports } = await reportsOfDay(db, node, day, now);
  const communityRows: (BoardRow & { path: string })[] = reports.map(({ community, rows, deadline, status }) => {
    const submitted = rows.filter((row) => row.submittedAt !== null);
    const newest = submitted[0];
    return {
      id: community.id,
      level: 'community',
      name: community.name,
      path: community.path,
      status,
      counts: { ...emptyCounts(), [status]: 1 },
      deadline: deadline.toISOString(),
      timeZone: community.timeZone,
      version: newest?.version ?? null,
      submittedAt: newest?.submittedAt ?? null,
      submittedBy: newest?.submittedBy ?? null,
      corrected: submitted.length > 1,
      awaitingSubmit: rows[0] !== undefined && rows[0].submittedAt === null,
    };
  });
  const total = emptyCounts();
  for (const row of communityRows) total[row.status] += 1;

  let rows: BoardRow[] = communityRows.map(({ path: _path, ...row }) => row);
  if (node.level === 'district') {
    const streets = await db.selectFrom('org_nodes').select(['id', 'name', 'path']).where('parent_id', '=', node.id).execute();
    streets.sort(byName);
    rows = streets.map((street) => {
      const counts = emptyCounts();
      for (const row of communityRows.filter((c) => c.path.startsWith(street.path))) counts[row.status] += 1;
      return {
        id: street.id,
        level: 'street',
        name: street.name,
        status: WORST_FIRST.find((status) => counts[status] > 0) ?? 'submitted',
        counts,
        deadline: null,
        timeZone: null,
        version: null,
        submittedAt: null,
        submittedBy: null,
        corrected: false,
        awaitingSubmit: false,
      };
    });
  }
  return {
    node: { id: node.id, level: node.level, name: node.name },
    day,
    deadline: deadlines.settingAt(node.path),
    rows,
    total,
  };
}
