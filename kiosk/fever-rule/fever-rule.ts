import type { Reading } from '../../protocol/index.ts';
import {
  DEFAULT_FEVER_GOAL,
  SCREENING_MODEL,
  marginCost,
  marginForGoal,
  type FeverGoal,
  type FlagMargin,
  type ScreeningModel,
} from '../../protocol/fever-goal.ts';
import type { LearntOffset } from '../../protocol/device-offset.ts';
import { runningBaseline, siteOf, yesterdayBaseline, type Baseline, type BaselineConfig, type Conditions } from './baseline.ts';

/**
 * The gate's fever decision, as one pure function. A forehead reading is a screen: it reads low in
 * the cold and high in the heat, so the rule re-measures before it bothers anyone, compares each
 * reading with what this gate has been reading for healthy people (the running baseline), and lets
 * only a clinical (axillary) reading call a fever. The kiosk and bench/screening both run this file.
 * No DOM, no clock, no randomness: "now" is the time of the latest reading.
 */

export interface FeverRuleConfig extends BaselineConfig {
  /** Fever figure for a reading, forehead or axillary (the usual checkpoint figure). */
  thresholdC: number;
  /**
   * What the community wants found (protocol/fever-goal.ts): the flag point above the baseline is derived
   * from it, the site and the spread of the gate's healthy readings. Null: a fixed margin instead.
   */
  goal: FeverGoal | null;
  /**
   * The community's "above baseline" margin: a reading this far above the baseline is flagged even
   * under the threshold. With a goal it is a ceiling (the goal may ask for less, never for more).
   */
  baselineOffsetC: number;
  /** Each site's gain and healthy spread, and healthy body temperature (protocol/fever-goal.ts). */
  model: ScreeningModel;
  /**
   * Above this robust spread (1.4826 × median absolute deviation) of the gate's normal readings a
   * fever does not stand out of the crowd: screening is unreliable.
   */
  maxBaselineSpreadC: number;
  /** The thermometer's rated ambient range. */
  ratedAmbientC: { min: number; max: number };
  /**
   * Colder than the rated range with no baseline (today's or yesterday's), a reading at or above
   * `flagAtRatedMinC − perDegreeC × (rated min − ambient)` goes straight to the armpit reading.
   */
  coldStart: { flagAtRatedMinC: number; perDegreeC: number };
}

/**
 * Defaults. thresholdC, baselineOffsetC and the rated range come from the community's requirements
 * (issue 4); window, samples, age and spread were chosen on the simulator's tuning seed only
 * (bench/screening, see README "How the fever rule works").
 */
export const FEVER_RULE_DEFAULTS: Readonly<FeverRuleConfig> = Object.freeze({
  thresholdC: 37.3,
  goal: DEFAULT_FEVER_GOAL,
  baselineOffsetC: 1.0,
  model: SCREENING_MODEL,
  baselineWindow: 30,
  baselineMinSamples: 10,
  baselineMaxAgeMinutes: 60,
  sameAirC: 2,
  maxBaselineSpreadC: 0.6,
  ratedAmbientC: Object.freeze({ min: 18, max: 28 }),
  // The population model's healthy forehead mean in the cold (bench/screening/population.ts:
  // 35.7 °C at 18 °C air, 0.12 °C lower per °C colder, after Chen 2022 and Dzien 2020): about half
  // of healthy people are asked for an armpit reading until a baseline exists. Conservative on
  // purpose; `npm run screening-eval` prints what it costs.
  coldStart: Object.freeze({ flagAtRatedMinC: 35.7, perDegreeC: 0.12 }),
});

export type CalibrationState = 'ok' | 'expired' | 'unknown';

export type FeverVerdictKind = 'normal' | 're-measure' | 'axillary-needed' | 'fever';

export type FeverReason =
  | 'no-reading'
  | 'below-threshold'
  | 'at-or-above-threshold'
  | 'above-baseline'
  | 'normal-on-re-measure'
  | 'high-on-re-measure'
  | 'axillary-mandatory'
  | 'axillary-below-threshold'
  | 'axillary-at-or-above-threshold';

/** Why a flagged reading must be confirmed with an axillary reading instead of a re-measure. */
export type AxillaryMandatoryReason =
  'ambient-below-rated' | 'ambient-above-rated' | 'ambient-unknown' | 'calibration-expired' | 'calibration-unknown';

export type UnreliableReason = 'too-cold' | 'too-hot' | 'ambient-unknown' | 'calibration-not-ok' | 'baseline-scattered';

export type Reliability = { level: 'reliable' } | { level: 'unreliable'; because: UnreliableReason[] };

export interface FeverVerdict {
  verdict: FeverVerdictKind;
  reason: FeverReason;
  /** What flagged the screening reading, if anything did. */
  flaggedBy: 'threshold' | 'baseline' | 'cold-start' | null;
  baseline: Baseline;
  /** The reading at or above which a screening reading is flagged, with this baseline. */
  flagAtC: number;
  /**
   * What set flagAtC: a baseline (today's or yesterday's), the cold start's conservative line (no
   * baseline in the cold), or the fixed threshold alone.
   */
  flagAtFrom: 'today' | 'yesterday' | 'cold-start' | 'threshold';
  /** With a goal and a baseline: the margin it asks for and what that costs in armpit checks. */
  goalCost: FlagMargin | null;
  /** The learnt device offset added to the absolute figures (threshold, cold line); 0 until it is in use. */
  offsetC: number;
  axillaryMandatory: boolean;
  axillaryMandatoryBecause: AxillaryMandatoryReason[];
  reliability: Reliability;
}

export interface FeverRuleInput {
  /** This person's readings so far, in the order taken. */
  readings: readonly Reading[];
  ambientC: number | null;
  calibration: CalibrationState;
  /** The gate's recent normal infrared readings (see baselineContribution), any order. */
  recentNormal: readonly Reading[];
  /** Normal readings from the gate's own history (yesterday's), for when today's baseline is not ready. */
  history?: readonly Reading[];
  /** What the gate's armpit checks say the device reads off by (device-offset.ts); used only when inUse. */
  learntOffset?: LearntOffset | null;
  config?: FeverRuleConfig;
}

/**
 * The reading a finished screening adds to the baseline: the first infrared reading of a person
 * judged normal. Normal people cleared by a re-measure or an axillary reading count too, or a hot
 * day's baseline would be cut off at the threshold and read too low.
 */
export function baselineContribution(readings: readonly Reading[], verdict: FeverVerdict): Reading | null {
  if (verdict.verdict !== 'normal') return null;
  return readings.find((r) => r.source === 'infrared') ?? null;
}

function mandatoryReasons(
  ambientC: number | null,
  calibration: CalibrationState,
  config: FeverRuleConfig,
): AxillaryMandatoryReason[] {
  const reasons: AxillaryMandatoryReason[] = [];
  if (ambientC === null) reasons.push('ambient-unknown');
  else if (ambientC < config.ratedAmbientC.min) reasons.push('ambient-below-rated');
  else if (ambientC > config.ratedAmbientC.max) reasons.push('ambient-above-rated');
  if (calibration === 'expired') reasons.push('calibration-expired');
  if (calibration === 'unknown') reasons.push('calibration-unknown');
  return reasons;
}

/**
 * The spread of the gate's healthy readings, drawn towards the site's population figure while few
 * readings are in (as if SPREAD_PRIOR_READINGS readings had shown it): ten readings alone give a
 * spread good to only about ±25 %.
 */
const SPREAD_PRIOR_READINGS = 10;
function gateSpread(baseline: Baseline & { kind: 'in-force' }, site: Conditions['site'], config: FeverRuleConfig): number {
  const prior = config.model.sites[site].healthySpreadC;
  const n = baseline.samples;
  return Math.sqrt((n * baseline.spreadC ** 2 + SPREAD_PRIOR_READINGS * prior ** 2) / (n + SPREAD_PRIOR_READINGS));
}

function coldStartFlagC(ambientC: number | null, config: FeverRuleConfig): number | null {
  if (ambientC === null || ambientC >= config.ratedAmbientC.min) return null;
  return config.coldStart.flagAtRatedMinC - config.coldStart.perDegreeC * (config.ratedAmbientC.min - ambientC);
}

/**
 * Out of the rated range or out of calibration, the fixed threshold means little; a baseline
 * measured here and now makes up for it unless healthy readings scatter too widely to single out
 * a fever.
 */
function reliabilityOf(baseline: Baseline, mandatory: readonly AxillaryMandatoryReason[], config: FeverRuleConfig): Reliability {
  const because: UnreliableReason[] = [];
  if (baseline.kind === 'none') {
    if (mandatory.includes('ambient-below-rated')) because.push('too-cold');
    if (mandatory.includes('ambient-above-rated')) because.push('too-hot');
    if (mandatory.includes('ambient-unknown')) because.push('ambient-unknown');
    if (mandatory.includes('calibration-expired') || mandatory.includes('calibration-unknown'))
      because.push('calibration-not-ok');
  } else if (baseline.spreadC > config.maxBaselineSpreadC) {
    if (mandatory.includes('ambient-below-rated')) because.push('too-cold');
    if (mandatory.includes('ambient-above-rated')) because.push('too-hot');
    because.push('baseline-scattered');
  }
  return because.length === 0 ? { level: 'reliable' } : { level: 'unreliable', because };
}

export function decideFever(input: FeverRuleInput): FeverVerdict {
  const config = input.config ?? FEVER_RULE_DEFAULTS;
  const latestAt = input.readings.reduce((max, r) => Math.max(max, Date.parse(r.at)), Number.NEGATIVE_INFINITY);
  const firstScreening = input.readings.find((r) => r.source !== 'axillary');
  const conditions: Conditions = {
    nowMs: latestAt,
    ambientC: input.ambientC,
    site: firstScreening ? siteOf(firstScreening) : 'forehead',
  };
  const today: Baseline = Number.isFinite(latestAt)
    ? runningBaseline(input.recentNormal, conditions, config)
    : { kind: 'none', why: 'too-few-samples', samples: 0, earlierAmbientC: null };
  const because = mandatoryReasons(input.ambientC, input.calibration, config);
  // Until today's baseline is ready (the shift just began, or the air changed), yesterday's for this
  // hour and air stands in; failing that, a conservative line in the cold.
  const yesterday =
    today.kind === 'none' && Number.isFinite(latestAt)
      ? yesterdayBaseline(input.history ?? [], conditions, today.samples, config)
      : null;
  const baseline = yesterday ?? today;
  // A device that the armpit checks show reading high (or low) meets the absolute figures shifted with it.
  const offsetC = input.learntOffset?.inUse ? input.learntOffset.offsetC : 0;
  const thresholdC = config.thresholdC + offsetC;
  const cold = baseline.kind === 'none' ? coldStartFlagC(input.ambientC, config) : null;
  const coldLine = cold === null ? null : cold + offsetC;
  const spread = baseline.kind === 'in-force' ? gateSpread(baseline, conditions.site, config) : null;
  const forGoal = spread !== null && config.goal ? marginForGoal(conditions.site, spread, config.goal, config.model) : null;
  const goalCost =
    forGoal && spread !== null && forGoal.marginC > config.baselineOffsetC ? marginCost(config.baselineOffsetC, spread) : forGoal;
  const flagAtC =
    baseline.kind === 'in-force'
      ? Math.min(thresholdC, baseline.valueC + (goalCost?.marginC ?? config.baselineOffsetC))
      : (coldLine ?? thresholdC);
  const flagAtFrom: FeverVerdict['flagAtFrom'] =
    baseline.kind === 'in-force' ? baseline.from : coldLine !== null ? 'cold-start' : 'threshold';
  const common = {
    baseline,
    flagAtC,
    flagAtFrom,
    goalCost,
    offsetC,
    axillaryMandatory: because.length > 0,
    axillaryMandatoryBecause: because,
    reliability: reliabilityOf(baseline, because, config),
  };

  const below: 'baseline' | 'cold-start' = flagAtFrom === 'cold-start' ? 'cold-start' : 'baseline';
  const flag = (valueC: number): FeverVerdict['flaggedBy'] =>
    valueC >= thresholdC ? 'threshold' : valueC >= flagAtC ? below : null;

  const axillary = input.readings.filter((r) => r.source === 'axillary').at(-1);
  // 'manual' is a screening value typed in by the guard (a hand-held gun), judged like infrared.
  const screening = input.readings.filter((r) => r.source !== 'axillary');
  const firstFlag = screening[0] ? flag(screening[0].valueC) : null;

  if (axillary) {
    const fever = axillary.valueC >= config.thresholdC;
    return {
      ...common,
      verdict: fever ? 'fever' : 'normal',
      reason: fever ? 'axillary-at-or-above-threshold' : 'axillary-below-threshold',
      flaggedBy: firstFlag,
    };
  }
  const first = screening[0];
  const latest = screening.at(-1);
  if (!first || !latest) return { ...common, verdict: 're-measure', reason: 'no-reading', flaggedBy: null };

  if (screening.length === 1) {
    if (firstFlag === null) return { ...common, verdict: 'normal', reason: 'below-threshold', flaggedBy: null };
    if (common.axillaryMandatory)
      return { ...common, verdict: 'axillary-needed', reason: 'axillary-mandatory', flaggedBy: firstFlag };
    return {
      ...common,
      verdict: 're-measure',
      reason: firstFlag === 'threshold' ? 'at-or-above-threshold' : 'above-baseline',
      flaggedBy: firstFlag,
    };
  }

  const latestFlag = flag(latest.valueC);
  const everFlagged = screening.some((r) => flag(r.valueC) !== null);
  if (latestFlag !== null) return { ...common, verdict: 'axillary-needed', reason: 'high-on-re-measure', flaggedBy: latestFlag };
  if (everFlagged && common.axillaryMandatory)
    return { ...common, verdict: 'axillary-needed', reason: 'axillary-mandatory', flaggedBy: firstFlag };
  return { ...common, verdict: 'normal', reason: everFlagged ? 'normal-on-re-measure' : 'below-threshold', flaggedBy: firstFlag };
}
