import type { MeasuringSite } from '../../protocol/index.ts';
import { armpitPair, learnOffset, type ArmpitPair } from '../../protocol/device-offset.ts';
import { SCREENING_MODEL } from '../../protocol/fever-goal.ts';
import type { FeverRuleConfig } from '../../kiosk/fever-rule/fever-rule.ts';
import { communityRuleConfig, wilson } from './evaluate.ts';
import { fitPopulation } from './fit.ts';
import type { Subject } from './real-data.ts';
import { REAL_BANDS, addTally, emptyRealTally, folds, replay, type RealTally } from './replay.ts';

export const REPORT_PREVALENCE = 0.01;

export interface RealMetrics {
  people: number;
  fevers: number;
  highFevers: number;
  /** Share of fevers ≥ 37.5 °C oral the rule judged fever, with its 95 % Wilson interval. */
  found: number;
  foundCi: [number, number];
  highFound: number;
  highFoundCi: [number, number];
  /** Share of fevers the screen sent to the armpit reading (before the armpit reading's own say). */
  sent: number;
  highSent: number;
  /** Healthy people judged fever. */
  falseAlarms: number;
  falseAlarmsCi: [number, number];
  /** Armpit checks per 100 people had 1 % of them had a fever (the healthy share dominates; its interval). */
  armpitPer100: number;
  armpitPer100Ci: [number, number];
  /** Share of flagged people a re-measure cleared. */
  reMeasureCleared: number;
  /** The cold start apart: people judged before a baseline existed (the first of each session), and their armpit checks per 100. */
  beforeBaseline: { people: number; armpitPer100: number };
  fixed: { found: number; highFound: number; falseAlarms: number; falseAlarmsCi: [number, number] };
}

const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

export function realMetrics(t: RealTally, prevalence = REPORT_PREVALENCE): RealMetrics {
  const healthyRate = share(t.healthyChecked, t.healthy);
  const feverRate = share(t.feversChecked, t.fevers);
  const [lo, hi] = wilson(t.healthyChecked, t.healthy);
  const per100 = (rate: number): number => 100 * ((1 - prevalence) * rate + prevalence * feverRate);
  return {
    people: t.people,
    fevers: t.fevers,
    highFevers: t.highFevers,
    found: share(t.found, t.fevers),
    foundCi: wilson(t.found, t.fevers),
    highFound: share(t.highFound, t.highFevers),
    highFoundCi: wilson(t.highFound, t.highFevers),
    sent: share(t.sent, t.fevers),
    highSent: share(t.highSent, t.highFevers),
    falseAlarms: share(t.healthyCalledFever, t.healthy),
    falseAlarmsCi: wilson(t.healthyCalledFever, t.healthy),
    armpitPer100: per100(healthyRate),
    armpitPer100Ci: [per100(lo), per100(hi)],
    reMeasureCleared: share(t.reMeasureCleared, t.reMeasures),
    beforeBaseline: { people: t.noBaseline, armpitPer100: 100 * share(t.noBaselineChecked, t.noBaseline) },
    fixed: {
      found: share(t.fixedFound, t.fevers),
      highFound: share(t.fixedHighFound, t.highFevers),
      falseAlarms: share(t.fixedHealthyFlagged, t.healthy),
      falseAlarmsCi: wilson(t.fixedHealthyFlagged, t.healthy),
    },
  };
}

export interface SiteResult {
  site: MeasuringSite;
  bands: { bandC: { min: number; max: number }; metrics: RealMetrics }[];
  all: RealMetrics;
}

/**
 * Held-out figures: each fold's people are replayed with the rule's site model and the device's
 * calibration fitted on the other folds only, so no figure is fitted to the people it reports on.
 */
export function crossValidated(
  subjects: readonly Subject[],
  site: MeasuringSite,
  options: { folds: number; seed: number; config?: FeverRuleConfig },
): SiteResult {
  const parts = folds(subjects, options.folds, options.seed);
  const bands = REAL_BANDS.map(emptyRealTally);
  const all = emptyRealTally();
  parts.forEach((heldOut, k) => {
    const training = parts.filter((_, j) => j !== k).flat();
    const result = heldOutReplay(training, heldOut, site, options.config ?? communityRuleConfig(), options.seed * 100 + k);
    result.bands.forEach((b, i) => addTally(bands[i]!, b));
    addTally(all, result.all);
  });
  return siteResult(site, bands, all);
}

/** People nobody fitted on, through the rule with the site model and the calibration fitted on `training`. */
export function heldOutReplay(
  training: readonly Subject[],
  heldOut: readonly Subject[],
  site: MeasuringSite,
  rule: FeverRuleConfig,
  seed: number,
): { bands: RealTally[]; all: RealTally } {
  const fit = fitPopulation(training, SCREENING_MODEL);
  return replay(heldOut, { site, config: { ...rule, model: fit }, calibrationC: fit.sites[site].calibrationC, seed });
}

export function siteResult(site: MeasuringSite, bands: readonly RealTally[], all: RealTally): SiteResult {
  return {
    site,
    bands: REAL_BANDS.map((bandC, i) => ({ bandC, metrics: realMetrics(bands[i]!) })),
    all: realMetrics(all),
  };
}

/** The rule as shipped on a file nothing was fitted on: the shipped model, the device calibration given. */
export function asShipped(subjects: readonly Subject[], site: MeasuringSite, calibrationC: number, seed: number): SiteResult {
  const result = replay(subjects, { site, config: communityRuleConfig(), calibrationC, seed });
  return siteResult(site, result.bands, result.all);
}

export interface OffsetRecovery {
  site: MeasuringSite;
  /** The calibration error put into the device, °C. */
  errorC: number;
  /** Per fold: the offset learnt from the held-out people's armpit checks, its standard error, the pairs. */
  folds: { offsetC: number; sdC: number; pairs: number; inUse: boolean; disagrees: boolean }[];
  /** Mean absolute error of the learnt offset against the error put in. */
  meanAbsErrorC: number;
  /** Share of folds whose learnt offset lies within 2 standard errors of the truth. */
  coverage: number;
}

/**
 * Learning from every armpit check, on the replay: each held-out fold's device is given a known
 * calibration error, the people go through the rule, and the armpit checks the guard took are the
 * pairs the offset is learnt from (with the model fitted on the other folds).
 */
export function offsetRecovery(
  subjects: readonly Subject[],
  site: MeasuringSite,
  errorC: number,
  options: { folds: number; seed: number },
): OffsetRecovery {
  const parts = folds(subjects, options.folds, options.seed);
  const results = parts.map((heldOut, k) => {
    const training = parts.filter((_, j) => j !== k).flat();
    const fit = fitPopulation(training, SCREENING_MODEL);
    const config: FeverRuleConfig = { ...communityRuleConfig(), model: fit };
    const run = replay(heldOut, {
      site,
      config,
      calibrationC: fit.sites[site].calibrationC + errorC,
      seed: options.seed * 100 + k,
    });
    const pairs: ArmpitPair[] = run.people.flatMap((p) => armpitPair(p.readings, p.firstVerdict.flagAtC) ?? []);
    const learnt = learnOffset(pairs, site, fit);
    return learnt ?? { offsetC: 0, sdC: Number.POSITIVE_INFINITY, pairs: 0, inUse: false, disagrees: false };
  });
  return {
    site,
    errorC,
    folds: results,
    meanAbsErrorC: results.reduce((s, r) => s + Math.abs(r.offsetC - errorC), 0) / results.length,
    coverage: results.filter((r) => Math.abs(r.offsetC - errorC) <= 2 * r.sdC).length / results.length,
  };
}
