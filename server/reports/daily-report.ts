import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { addDays, communityDate } from '../../protocol/community-date.ts';
import { ReportFigures, type DailyReportView, type ReportStatus, type ReportVersion } from '../../protocol/daily-reports.ts';
import { zonedInstant } from '../../protocol/zoned-time.ts';
import type { Database } from '../db/schema.ts';
import type { Scope } from '../org/scope.ts';
import { refuse, type AdminResult } from '../roster-admin/admin-result.ts';
import { rollup } from '../rollups/rollups.ts';
import { communitiesUnder, deadlineResolver, type CommunityClock } from './report-deadlines.ts';

/** A community node inside the caller's scope; a compound's user sees one compound, never a whole community's report. */
export async function communityInScope(db: Kysely<Database>, scope: Scope, nodeId: string): Promise<CommunityClock | null> {
  if (scope.kind === 'compound') return null;
  const node = await db
    .selectFrom('org_nodes')
    .select('path')
    .where('id', '=', nodeId)
    .where('level', '=', 'community')
    .where(sql<string>`substr(org_nodes.path, 1, ${scope.path.length})`, '=', scope.path)
    .executeTakeFirst();
  if (!node) return null;
  return (await communitiesUnder(db, node.path))[0] ?? null;
}

/**
 * The community's figures for a day, as the roll-up counts them: passages in and out, visitors,
 * vehicles, fevers and their outcomes, home observation, and each compound's epidemic-free
 * standing as of the day's end (or now, while the day runs). What blocks a compound is counted,
 * not named: the report goes up the chain, the names stay with the community.
 */
export async function draftFigures(
  db: Kysely<Database>,
  community: CommunityClock,
  day: string,
  now: Date,
): Promise<ReportFigures> {
  const dayEnd = new Date(zonedInstant(addDays(day, 1), '00:00', community.timeZone).getTime() - 1);
  const asOf = dayEnd < now ? dayEnd : now;
  const scope: Scope = { kind: 'node', nodeId: community.id, path: community.path, top: false };
  const figures = await rollup(db, scope, { from: day, to: day }, asOf);
  return {
    total: figures.total.day,
    compounds: figures.compounds.map((standing) => {
      const count = (kind: string) => standing.lacks.filter((lack) => lack.kind === kind).length;
      return {
        id: standing.id,
        name: standing.name,
        figures: figures.children.find((child) => child.id === standing.childId)!.day,
        epidemicFree: standing.epidemicFree,
        closeToFree: standing.closeToFree,
        blockers: { confirmedCases: count('confirmed-case'), watch: count('watch'), openFevers: count('fever-event') },
      };
    }),
  };
}

export interface VersionRow {
  version: number;
  figures: string;
  note: string;
  signedBy: string | null;
  signedAt: string;
  submittedBy: string | null;
  submittedAt: string | null;
  deadlineAt: string | null;
}

/** Every version of the communities' reports for a day, newest first per community. */
export async function versionRows(
  db: Kysely<Database>,
  communityIds: readonly string[],
  day: string,
): Promise<Map<string, VersionRow[]>> {
  const byCommunity = new Map<string, VersionRow[]>();
  for (let start = 0; start < communityIds.length; start += 500) {
    const rows = await db
      .selectFrom('daily_reports')
      .leftJoin('users as signer', 'signer.id', 'daily_reports.signed_by')
      .leftJoin('users as submitter', 'submitter.id', 'daily_reports.submitted_by')
      .select([
        'daily_reports.community_node_id as communityId',
        'daily_reports.version as version',
        'daily_reports.figures as figures',
        'daily_reports.note as note',
        'signer.username as signedBy',
        'daily_reports.signed_at as signedAt',
        'submitter.username as submittedBy',
        'daily_reports.submitted_at as submittedAt',
        'daily_reports.deadline_at as deadlineAt',
      ])
      .where('daily_reports.day', '=', day)
      .where('daily_reports.community_node_id', 'in', communityIds.slice(start, start + 500))
      .orderBy('daily_reports.version', 'desc')
      .execute();
    for (const { communityId, ...row } of rows) {
      const list = byCommunity.get(communityId) ?? [];
      list.push({ ...row, version: Number(row.version) });
      byCommunity.set(communityId, list);
    }
  }
  return byCommunity;
}

const isLate = (row: VersionRow) => row.submittedAt !== null && row.deadlineAt !== null && row.submittedAt > row.deadlineAt;

/** Where a report stands: judged by its first submission (a later correction does not make it late). */
export function reportStatus(rows: readonly VersionRow[], deadline: Date, now: Date): ReportStatus {
  const first = rows.filter((row) => row.submittedAt !== null).at(-1);
  if (first) return isLate(first) ? 'late' : 'submitted';
  return now > deadline ? 'missing' : 'due';
}

function versionView(row: VersionRow): ReportVersion {
  return {
    version: row.version,
    figures: ReportFigures.parse(JSON.parse(row.figures)),
    note: row.note,
    signedBy: row.signedBy,
    signedAt: row.signedAt,
    submittedBy: row.submittedBy,
    submittedAt: row.submittedAt,
    late: isLate(row),
  };
}

/** A day the community's clock has reached. */
function dayBegun(community: CommunityClock, day: string, now: Date): AdminResult<string> {
  return day > communityDate(now, community.timeZone)
    ? refuse(400, 'future-day', `${day} has not begun on the community's clock`)
    : { ok: true, value: day };
}

/** A community's report for a day: the draft as the data stands now, and every signed version. */
export async function dailyReport(
  db: Kysely<Database>,
  community: CommunityClock,
  day: string,
  now: Date,
): Promise<AdminResult<DailyReportView>> {
  const begun = dayBegun(community, day, now);
  if (!begun.ok) return begun;
  const rows = (await versionRows(db, [community.id], day)).get(community.id) ?? [];
  const deadline = (await deadlineResolver(db)).dueAt(community, day);
  return {
    ok: true,
    value: {
      community: { id: community.id, name: community.name },
      day,
      timeZone: community.timeZone,
      deadline: deadline.toISOString(),
      dayComplete: day < communityDate(now, community.timeZone),
      status: reportStatus(rows, deadline, now),
      draft: await draftFigures(db, community, day, now),
      versions: rows.map(versionView),
    },
  };
}

/** Whether a failed insert lost the race for a version number to another signer. */
function isDuplicate(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Signs the day's figures as they stand now into the next version, with the signer's note. */
export async function signReport(
  db: Kysely<Database>,
  community: CommunityClock,
  input: { day: string; note: string; userId: string },
  now: Date,
): Promise<AdminResult<{ version: number }>> {
  const begun = dayBegun(community, input.day, now);
  if (!begun.ok) return begun;
  const figures = await draftFigures(db, community, input.day, now);
  const last = await db
    .selectFrom('daily_reports')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('community_node_id', '=', community.id)
    .where('day', '=', input.day)
    .executeTakeFirst();
  const version = Number(last?.version ?? 0) + 1;
  try {
    await db
      .insertInto('daily_reports')
      .values({
        id: uuidv7(),
        community_node_id: community.id,
        day: input.day,
        version,
        figures: JSON.stringify(figures),
        note: input.note,
        signed_by: input.userId,
        signed_at: now.toISOString(),
        submitted_by: null,
        submitted_at: null,
        deadline_at: null,
      })
      .execute();
  } catch (error) {
    if (isDuplicate(error))
      return refuse(409, 'signed-meanwhile', 'someone else signed this report a moment ago: reload it and check again');
    throw error;
  }
  return { ok: true, value: { version } };
}

/**
 * Sends up the version the submitter read. Only the newest version, and only once: the update
 * matches an unsubmitted row, so two submitters racing cannot both succeed.
 */
export async function submitReport(
  db: Kysely<Database>,
  community: CommunityClock,
  input: { day: string; version: number; userId: string },
  now: Date,
): Promise<AdminResult<{ version: number; late: boolean }>> {
  const newest = await db
    .selectFrom('daily_reports')
    .select(['id', 'version', 'submitted_at'])
    .where('community_node_id', '=', community.id)
    .where('day', '=', input.day)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!newest) return refuse(409, 'not-signed', 'sign the report before submitting it');
  if (Number(newest.version) !== input.version)
    return refuse(409, 'not-newest', `version ${input.version} is not the newest (${newest.version}): reload and check again`);
  if (newest.submitted_at !== null) return refuse(409, 'already-submitted', `version ${input.version} was already submitted`);
  const deadline = (await deadlineResolver(db)).dueAt(community, input.day);
  const result = await db
    .updateTable('daily_reports')
    .set({ submitted_by: input.userId, submitted_at: now.toISOString(), deadline_at: deadline.toISOString() })
    .where('id', '=', newest.id)
    .where('submitted_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0)
    return refuse(409, 'already-submitted', `version ${input.version} was submitted a moment ago`);
  return { ok: true, value: { version: input.version, late: now > deadline } };
}
