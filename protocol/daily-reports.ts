import { z } from 'zod';
import { Instant } from './common.ts';
import { LocalDate } from './roster.ts';
import { RollupFigures } from './rollups.ts';

const Count = z.number().int().nonnegative();

/** A compound of the community in its report: the day's figures and where it stands, without names. */
export const ReportCompound = z.object({
  id: z.string(),
  name: z.string(),
  figures: RollupFigures,
  epidemicFree: z.boolean(),
  closeToFree: z.boolean(),
  /** What keeps it from epidemic-free, counted by kind: a report sent up carries no one's name. */
  blockers: z.object({ confirmedCases: Count, watch: Count, openFevers: Count }),
});
export type ReportCompound = z.infer<typeof ReportCompound>;

/** What a community's report says for a day: its totals and each compound's. */
export const ReportFigures = z.object({
  total: RollupFigures,
  compounds: z.array(ReportCompound),
});
export type ReportFigures = z.infer<typeof ReportFigures>;

/** One signed version. Once `submittedAt` is set it is frozen: a correction is the next version. */
export const ReportVersion = z.object({
  version: z.number().int().positive(),
  figures: ReportFigures,
  note: z.string(),
  signedBy: z.string().nullable(),
  signedAt: Instant,
  submittedBy: z.string().nullable(),
  submittedAt: Instant.nullable(),
  /** Submitted after the deadline in force at the time. */
  late: z.boolean(),
});
export type ReportVersion = z.infer<typeof ReportVersion>;

/**
 * Where a community's report for a day stands: `submitted` on time, `late` (submitted after the
 * deadline), `missing` (the deadline passed with nothing submitted), `due` (not yet submitted, the
 * deadline still ahead).
 */
export const ReportStatus = z.enum(['submitted', 'late', 'missing', 'due']);
export type ReportStatus = z.infer<typeof ReportStatus>;

/** When reports fall due: `daysAfter` the report's day at `time` on the community's clock. */
export const ReportDeadline = z.object({
  daysAfter: z.number().int().min(0).max(7),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 00:00–23:59'),
});
export type ReportDeadline = z.infer<typeof ReportDeadline>;

/** The deadline the communities get when no node sets one: 10:00 the next day. */
export const DEFAULT_REPORT_DEADLINE: ReportDeadline = { daysAfter: 1, time: '10:00' };

/** A node's deadline setting and the node it comes from (null: the default). */
export const DeadlineSetting = ReportDeadline.extend({
  from: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type DeadlineSetting = z.infer<typeof DeadlineSetting>;

/** Answer of `GET /api/v1/reports/daily/:nodeId/:day`: the live draft and every signed version. */
export const DailyReportView = z.object({
  community: z.object({ id: z.string(), name: z.string() }),
  day: LocalDate,
  timeZone: z.string(),
  deadline: Instant,
  /** False while the day is still running on the community's clock: the draft can still grow. */
  dayComplete: z.boolean(),
  status: ReportStatus,
  /** The figures as they stand now, what signing would freeze. */
  draft: ReportFigures,
  /** Newest first. */
  versions: z.array(ReportVersion),
});
export type DailyReportView = z.infer<typeof DailyReportView>;

/** Body of `POST …/sign`: the signer's note (what was checked, what is unusual). */
export const SignReportRequest = z.object({ note: z.string().trim().min(1).max(1000) });
export type SignReportRequest = z.infer<typeof SignReportRequest>;

/** Body of `POST …/submit`: the version the submitter read, which must still be the newest. */
export const SubmitReportRequest = z.object({ version: z.number().int().positive() });
export type SubmitReportRequest = z.infer<typeof SubmitReportRequest>;

/** `GET /api/v1/reports/board/:nodeId?day=`. */
export const BoardQuery = z.object({ day: LocalDate });
export type BoardQuery = z.infer<typeof BoardQuery>;

const StatusCounts = z.object({ submitted: Count, late: Count, missing: Count, due: Count });
export type StatusCounts = z.infer<typeof StatusCounts>;

/**
 * One row of a submission board: a community (its own report) or a street (its communities
 * counted). A street's status is its worst community's: missing, then late, then due.
 */
export const BoardRow = z.object({
  id: z.string(),
  level: z.enum(['street', 'community']),
  name: z.string(),
  status: ReportStatus,
  counts: StatusCounts,
  /** Communities only: the deadline, and the community's clock to show it (and the submission time) on. */
  deadline: Instant.nullable(),
  timeZone: z.string().nullable(),
  version: z.number().int().positive().nullable(),
  submittedAt: Instant.nullable(),
  submittedBy: z.string().nullable(),
  /** Submitted more than once: corrected after it was first sent. */
  corrected: z.boolean(),
  /** Signed, not yet submitted. */
  awaitingSubmit: z.boolean(),
});
export type BoardRow = z.infer<typeof BoardRow>;

export const BoardResponse = z.object({
  node: z.object({ id: z.string(), level: z.enum(['district', 'street', 'community']), name: z.string() }),
  day: LocalDate,
  /** The deadline as set for this node (what its communities inherit unless one below sets another). */
  deadline: DeadlineSetting,
  rows: z.array(BoardRow),
  total: StatusCounts,
});
export type BoardResponse = z.infer<typeof BoardResponse>;
