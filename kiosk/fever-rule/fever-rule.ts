import type { Reading } from '../../protocol/index.ts';

/**
 * The gate's fever decision, as one pure function. A forehead reading is a screen: it reads low in
 * the cold and high in the heat, so the rule re-measures before it bothers anyone, compares each
 * reading with what this gate has been reading for healthy people (the running baseline), and lets
 * only a clinical (axillary) reading call a fever. The kiosk and bench/screening both run this file.
 * No DOM, no clock, no randomness: "now" is the time of the latest reading.
 */

export interface FeverRuleConfig {
  /** Fever figure for a reading, forehead or axillary (the usual checkpoint figure). */
  thresholdC: number;
  /** A screening reading this far above the gate's baseline is flagged even under the threshold. */
  baselineOffsetC: number;
  /** The baseline is the median of at most this many recent normal readings. */
  baselineWindow: number;
  /** Fewer recent normal readings than this and the baseline is not trusted. */
  baselineMinSamples: number;
  /** Normal readings older than this (relative to the reading being judged) leave the baseline. */
  baselineMaxAgeMinutes: number;
  /**
   * Above this robust spread (1.4826 × median absolute deviation) of the gate's normal readings a
   * fever does not stand out of the crowd: screening is unreliable.
   */
  maxBaselineSpreadC: number;
  /** The thermometer's rated ambient range. */
  ratedAmbientC: { min: number; max: number };
}

/**
 * Defaults. thresholdC, baselineOffsetC and the rated range come from the community's requirements
 * (issue 4); window, samples, age and spread were chosen on the simulator's tuning seed only
 * (bench/screening, see README "How the fever rule works").
 */
export const FEVER_RULE_DEFAULTS: Readonly<FeverRuleConfig> = Object.freeze({
  thresholdC: 37.3,
  baselineOffsetC: 1.0,
  baselineWindow: 30,
  baselineMinSamples: 10,
  baselineMaxAgeMinutes: 60,
  maxBaselineSpreadC: 0.6,
  ratedAmbientC: Object.freeze({ min: 18, max: 28 }),
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

export type Baseline =
  | { kind: 'in-force'; valueC: number; samples: number; spreadC: number }
  | { kind: 'none'; why: 'too-few-samples'; samples: number };

export interface FeverVerdict {
  verdict: FeverVerdictKind;
  reason: FeverReason;
  /** What flagged the screening reading, if anything did. */
  flaggedBy: 'threshold' | 'baseline' | null;
  baseline: Baseline;
  /** The reading at or above which a screening reading is flagged, with this baseline. */
  flagAtC: number;
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
  config?: FeverRuleConfig;
}

const MAD_TO_SD = 1.4826;

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Median of the last N normal infrared readings no older than the age limit at `nowMs`. Readings
 * with a bad timestamp, or from the future, are ignored rather than trusted.
 */
export function runningBaseline(
  recentNormal: readonly Reading[],
  nowMs: number,
  config: FeverRuleConfig = FEVER_RULE_DEFAULTS,
): Baseline {
  const oldest = nowMs - config.baselineMaxAgeMinutes * 60_000;
  const usable = recentNormal
    .filter((r) => r.source === 'infrared')
    .map((r) => ({ at: Date.parse(r.at), valueC: r.valueC }))
    .filter((r) => Number.isFinite(r.at) && r.at >= oldest && r.at <= nowMs)
    .sort((a, b) => b.at - a.at)
    .slice(0, config.baselineWindow)
    .map((r) => r.valueC);
  if (usable.length < config.baselineMinSamples) return { kind: 'none', why: 'too-few-samples', samples: usable.length };
  const values = usable.sort((a, b) => a - b);
  const valueC = median(values);
  const deviations = values.map((v) => Math.abs(v - valueC)).sort((a, b) => a - b);
  return { kind: 'in-force', valueC, samples: values.length, spreadC: MAD_TO_SD * median(deviations) };
}

/**
 * Appends a normal reading to the gate's window and keeps only the newest N. The kiosk keeps this
 * window; whether a person's reading belongs in it is baselineContribution's call.
 */
export function pushNormalReading(
  window: readonly Reading[],
  reading: Reading,
  config: FeverRuleConfig = FEVER_RULE_DEFAULTS,
): Reading[] {
  return [...window, reading].slice(-config.baselineWindow);
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
  const nowMs = Number.isFinite(latestAt) ? latestAt : Number.NEGATIVE_INFINITY;
  const baseline: Baseline = Number.isFinite(nowMs)
    ? runningBaseline(input.recentNormal, nowMs, config)
    : { kind: 'none', why: 'too-few-samples', samples: 0 };
  const flagAtC =
    baseline.kind === 'in-force' ? Math.min(config.thresholdC, baseline.valueC + config.baselineOffsetC) : config.thresholdC;
  const because = mandatoryReasons(input.ambientC, input.calibration, config);
  const common = {
    baseline,
    flagAtC,
    axillaryMandatory: because.length > 0,
    axillaryMandatoryBecause: because,
    reliability: reliabilityOf(baseline, because, config),
  };

  const flag = (valueC: number): 'threshold' | 'baseline' | null =>
    valueC >= config.thresholdC ? 'threshold' : valueC >= flagAtC ? 'baseline' : null;

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
