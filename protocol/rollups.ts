import { z } from 'zod';
import { FeverOutcome } from './review-queries.ts';
import { LocalDate } from './roster.ts';

/** `GET /api/v1/rollups`: a node's figures per child for a day (`to`) and a period (`from`–`to`). */
export const RollupQuery = z
  .object({ from: LocalDate, to: LocalDate })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 92 * 86_400_000, { message: 'at most 93 days at once' });
export type RollupQuery = z.infer<typeof RollupQuery>;

const Count = z.number().int().nonnegative();

export const RollupFigures = z.object({
  passages: Count,
  /** Null when some hour in the range was counted before passages in and out were kept apart. */
  passagesIn: Count.nullable(),
  passagesOut: Count.nullable(),
  visitors: Count,
  vehicles: Count,
  fevers: Count,
  denied: Count,
  /** Fever events of the range still open, and the closed ones by their outcome. */
  feverOpen: Count,
  feverOutcomes: z.record(FeverOutcome, Count),
  /** People under home observation on the last day. */
  homeObservation: Count,
  compounds: Count,
  epidemicFree: Count,
  /** Not yet free, but every blocker ends within CLOSE_DAYS or needs only a release or a fever outcome. */
  closeToFree: Count,
});
export type RollupFigures = z.infer<typeof RollupFigures>;

export const RollupChild = z.object({
  id: z.string(),
  level: z.enum(['street', 'community', 'compound']),
  name: z.string(),
  day: RollupFigures,
  period: RollupFigures,
});
export type RollupChild = z.infer<typeof RollupChild>;

/** What keeps a compound from epidemic-free, in short. */
export const CompoundLack = z.object({
  kind: z.enum(['confirmed-case', 'watch', 'fever-event']),
  subject: z.string(),
  /** The day it stops blocking on its own (a case 14 days on, a watch period's end), or null when someone must act. */
  until: LocalDate.nullable(),
});
export type CompoundLack = z.infer<typeof CompoundLack>;

export const CompoundStanding = z.object({
  id: z.string(),
  name: z.string(),
  /** The child row it counts under. */
  childId: z.string(),
  today: LocalDate,
  epidemicFree: z.boolean(),
  closeToFree: z.boolean(),
  lacks: z.array(CompoundLack),
});
export type CompoundStanding = z.infer<typeof CompoundStanding>;

export const RollupResponse = z.object({
  node: z.object({ id: z.string(), level: z.enum(['district', 'street', 'community', 'compound']), name: z.string() }),
  from: LocalDate,
  to: LocalDate,
  children: z.array(RollupChild),
  total: z.object({ day: RollupFigures, period: RollupFigures }),
  compounds: z.array(CompoundStanding),
});
export type RollupResponse = z.infer<typeof RollupResponse>;
