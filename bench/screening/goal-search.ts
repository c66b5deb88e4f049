import type { MeasuringSite } from '../../protocol/index.ts';
import type { FeverGoal } from '../../protocol/fever-goal.ts';
import { communityRuleConfig } from './evaluate.ts';
import { FEVER_ORAL_C } from './fit.ts';
import type { Subject } from './real-data.ts';
import { crossValidated, heldOutReplay, realMetrics, type RealMetrics } from './real-evaluation.ts';
import { REAL_TARGETS } from './real-report.ts';
import { addTally, armpitOf, emptyRealTally, folds } from './replay.ts';

/**
 * Can any goal the community could state reach issue 19's ≥ 37.5 °C target (85 % found) within the
 * armpit-check and false-alarm limits? Nested cross-validation, so nothing reported is tuned on the
 * people it is reported on: on each outer fold every candidate goal is judged by cross-validation on
 * the other folds alone, the one finding most fevers ≥ 37.5 within the limits is chosen, and only
 * then is it replayed on the held-out fold.
 */

/** Goals a community could state (armpit °C); 37.2 under the arm is 37.5 by mouth. */
export const CANDIDATE_GOALS: readonly FeverGoal[] = [36.9, 37.0, 37.1, 37.2, 37.3].flatMap((feverC) =>
  [0.8, 0.85, 0.9, 0.95].map((findShare) => ({ feverC, findShare })),
);

export interface GoalChoice {
  /** Chosen on the training folds of each outer fold. */
  chosen: FeverGoal[];
  /** The held-out figures of the goals chosen, every person once. */
  heldOut: RealMetrics;
}

export interface GoalSearch {
  site: MeasuringSite;
  /**
   * The most the community's own line allows: fevers ≥ 37.5 by mouth whose armpit reading (oral less
   * 0.3 °C) reaches the threshold. The armpit reading decides, so no screen finds more.
   */
  ceiling: number;
  choice: GoalChoice;
  /** Every candidate on one plain cross-validation: what each costs (information, not a choice). */
  frontier: { goal: FeverGoal; metrics: RealMetrics }[];
}

const withinLimits = (m: RealMetrics): boolean =>
  m.armpitPer100 <= REAL_TARGETS.armpitPer100Max && m.falseAlarms <= REAL_TARGETS.falseAlarmsMax;

function best(candidates: readonly { goal: FeverGoal; metrics: RealMetrics }[]): FeverGoal {
  const allowed = candidates.filter((c) => withinLimits(c.metrics));
  const pool = allowed.length > 0 ? allowed : candidates;
  return pool.reduce((a, b) =>
    b.metrics.found > a.metrics.found || (b.metrics.found === a.metrics.found && b.metrics.armpitPer100 < a.metrics.armpitPer100)
      ? b
      : a,
  ).goal;
}

export function searchGoals(
  subjects: readonly Subject[],
  site: MeasuringSite,
  options: { folds: number; seed: number; candidates?: readonly FeverGoal[] },
): GoalSearch {
  const candidates = options.candidates ?? CANDIDATE_GOALS;
  const rule = communityRuleConfig();
  const judge = (people: readonly Subject[], goal: FeverGoal, k: number): RealMetrics =>
    crossValidated(people, site, { folds: options.folds - 1, seed: options.seed + k, config: { ...rule, goal } }).all;
  const parts = folds(subjects, options.folds, options.seed);
  const tally = emptyRealTally();
  const chosen: FeverGoal[] = [];
  parts.forEach((heldOut, k) => {
    const training = parts.filter((_, j) => j !== k).flat();
    const goal = best(candidates.map((g) => ({ goal: g, metrics: judge(training, g, k + 1) })));
    chosen.push(goal);
    addTally(tally, heldOutReplay(training, heldOut, site, { ...rule, goal }, options.seed * 100 + k).all);
  });
  const fevers = subjects.filter((s) => s.rounds[site] && s.oralC >= FEVER_ORAL_C);
  return {
    site,
    ceiling: fevers.filter((s) => armpitOf(s) >= rule.thresholdC).length / fevers.length,
    choice: { chosen, heldOut: realMetrics(tally) },
    frontier: candidates.map((goal) => ({
      goal,
      metrics: crossValidated(subjects, site, { folds: options.folds, seed: options.seed, config: { ...rule, goal } }).all,
    })),
  };
}
