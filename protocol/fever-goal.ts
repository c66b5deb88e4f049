import { z } from 'zod';
import type { MeasuringSite } from './common.ts';

/**
 * How a site's reading follows the body, in the community's clinical scale (the armpit). Fitted to
 * real paired readings (bench/screening/data/physionet-irt: 1,020 adults, 20–29 °C rooms, oral
 * thermometer, oral = armpit + 0.3 °C) by `npm run screening-eval -- --fit`; the evaluation refits
 * them on each cross-validation fold before it judges the held-out people, so its figures are not
 * fitted to the people they are reported on.
 */
export interface SiteModel {
  /** °C of reading per °C of body temperature. */
  gain: number;
  /**
   * SD of healthy readings at one room temperature (person to person, plus the sensor): the
   * spread a gate's baseline sees, used before a gate has its own.
   */
  healthySpreadC: number;
}

/** The sites, and healthy people's body temperature (armpit scale): what a goal is solved with. */
export interface ScreeningModel {
  sites: Readonly<Record<MeasuringSite, SiteModel>>;
  healthyBodyC: number;
  healthyBodySdC: number;
}

/** Fitted on the whole data set (`npm run screening-eval -- --fit`, 2026-12-05). */
export const SCREENING_MODEL: ScreeningModel = Object.freeze({
  sites: Object.freeze({
    forehead: Object.freeze({ gain: 0.7, healthySpreadC: 0.51 }),
    'face-max': Object.freeze({ gain: 0.81, healthySpreadC: 0.34 }),
    'inner-canthus': Object.freeze({ gain: 0.83, healthySpreadC: 0.39 }),
  }),
  healthyBodyC: 36.59,
  healthyBodySdC: 0.22,
});

/**
 * What the community wants the screen to find: `findShare` of fevers of `feverC` (armpit) or more.
 * The default, 95 % of 37.7 °C under the arm (about 38.0 °C by mouth), is what fever-screening
 * studies count as a fever.
 */
export const FeverGoal = z.object({
  feverC: z.number().min(36.8).max(39),
  findShare: z.number().min(0.5).max(0.99),
});
export type FeverGoal = z.infer<typeof FeverGoal>;

export const DEFAULT_FEVER_GOAL: Readonly<FeverGoal> = Object.freeze({ feverC: 37.7, findShare: 0.95 });

/**
 * How fevers at or above a goal spread above it: uniform over 1 °C (ASSUMPTION after Li et al.
 * 2020, where 80 of 93 fevers of 38 °C or more were under 39 °C).
 */
const FEVER_SPREAD_ABOVE_GOAL_C = 1.0;

/** Standard normal CDF (Abramowitz–Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** The part of a healthy crowd's spread that is the person and the sensor, not their body temperature. */
function residualSd(model: SiteModel, bodySdC: number, spreadC: number): number {
  const body = model.gain * bodySdC;
  return Math.sqrt(Math.max(spreadC * spreadC - body * body, (spreadC * spreadC) / 4));
}

/** Share of fevers at or above the goal that read at least `marginC` above the healthy median. */
export function shareFound(model: SiteModel, body: ScreeningModel, goal: FeverGoal, spreadC: number, marginC: number): number {
  const sd = residualSd(model, body.healthyBodySdC, spreadC);
  const steps = 20;
  let sum = 0;
  for (let i = 0; i < steps; i++) {
    const bodyC = goal.feverC + ((i + 0.5) / steps) * FEVER_SPREAD_ABOVE_GOAL_C;
    sum += normalCdf((model.gain * (bodyC - body.healthyBodyC) - marginC) / sd);
  }
  return sum / steps;
}

export interface FlagMargin {
  /** Flag a reading this far above the healthy median (the baseline). */
  marginC: number;
  /** Healthy people per 100 who read at or above it: the armpit checks the goal costs (before re-measures). */
  armpitChecksPer100: number;
}

/**
 * The margin above the healthy median that finds the goal's share of its fevers, given this site
 * and the spread of the gate's own healthy readings: the wider the spread, the more healthy people
 * a fever has to be caught among, and the more armpit checks the same goal costs.
 */
export function marginForGoal(
  site: MeasuringSite,
  spreadC: number,
  goal: FeverGoal,
  population: ScreeningModel = SCREENING_MODEL,
): FlagMargin {
  const model = population.sites[site];
  const spread = Math.max(spreadC, 0.05);
  let lo = -2;
  let hi = 4;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (shareFound(model, population, goal, spread, mid) >= goal.findShare) lo = mid;
    else hi = mid;
  }
  return marginCost(lo, spread);
}

/** Healthy people per 100 reading at least `marginC` above their median, in a crowd of this spread. */
export function marginCost(marginC: number, spreadC: number): FlagMargin {
  return { marginC, armpitChecksPer100: 100 * (1 - normalCdf(marginC / Math.max(spreadC, 0.05))) };
}
