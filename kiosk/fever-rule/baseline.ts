import type { MeasuringSite, Reading } from '../../protocol/index.ts';

/** What the running baseline needs of the rule's configuration. */
export interface BaselineConfig {
  /** The baseline is the median of at most this many recent normal readings. */
  baselineWindow: number;
  /** Fewer recent normal readings than this and the baseline is not trusted. */
  baselineMinSamples: number;
  /** Normal readings older than this (relative to the reading being judged) leave the baseline. */
  baselineMaxAgeMinutes: number;
  /**
   * A normal reading taken in air more than this far from the air now does not describe the people
   * measured now: the skin follows the air (about 0.16 °C per °C of room temperature on a forehead
   * in real data, more in the cold), so a baseline built outdoors at 3 °C would flag everyone indoors.
   */
  sameAirC: number;
}

/**
 * `today`: this gate's recent normal readings in this air. `yesterday`: the gate's normal readings
 * from the same hour yesterday in the same air, standing in while today's is built.
 */
export type Baseline =
  | {
      kind: 'in-force';
      from: 'today' | 'yesterday';
      valueC: number;
      samples: number;
      spreadC: number;
      /** Today's usable readings so far (equals samples when from today). */
      todaySamples: number;
    }
  | {
      kind: 'none';
      /** `air-changed`: enough recent normal readings, but taken in other air (the guard moved indoors, noon). */
      why: 'too-few-samples' | 'air-changed';
      samples: number;
      /** The air the recent readings were taken in, when it changed. */
      earlierAmbientC: number | null;
    };

/** Where and in what air the reading being judged was taken. */
export interface Conditions {
  nowMs: number;
  ambientC: number | null;
  site: MeasuringSite;
}

const MAD_TO_SD = 1.4826;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** 1.4826 × the median absolute deviation: the SD of a normal crowd, not pulled by one odd reading. */
export function robustSpread(values: readonly number[]): number {
  const centre = median(values);
  return MAD_TO_SD * median(values.map((v) => Math.abs(v - centre)));
}

export const siteOf = (reading: Reading): MeasuringSite => reading.site ?? 'forehead';

function sameAir(reading: Reading, ambientC: number | null, config: BaselineConfig): boolean {
  if (ambientC === null) return true;
  return reading.ambientC !== null && Math.abs(reading.ambientC - ambientC) <= config.sameAirC;
}

interface Usable {
  at: number;
  valueC: number;
  ambientC: number | null;
}

/** Infrared readings of this site inside [fromMs, toMs], newest first; bad or future timestamps are ignored. */
function usable(
  readings: readonly Reading[],
  site: MeasuringSite,
  fromMs: number,
  toMs: number,
): (Usable & { reading: Reading })[] {
  return readings
    .filter((r) => r.source === 'infrared' && siteOf(r) === site)
    .map((r) => ({ at: Date.parse(r.at), valueC: r.valueC, ambientC: r.ambientC, reading: r }))
    .filter((r) => Number.isFinite(r.at) && r.at >= fromMs && r.at <= toMs)
    .sort((a, b) => b.at - a.at);
}

function inForce(values: number[], from: 'today' | 'yesterday', todaySamples: number): Baseline {
  return { kind: 'in-force', from, valueC: median(values), samples: values.length, spreadC: robustSpread(values), todaySamples };
}

/**
 * Median of the last N normal infrared readings of this site, no older than the age limit, taken
 * in the same air as now. When enough recent readings exist but in other air, the baseline is
 * being rebuilt for the new conditions and says so.
 */
export function runningBaseline(recentNormal: readonly Reading[], conditions: Conditions, config: BaselineConfig): Baseline {
  const recent = usable(
    recentNormal,
    conditions.site,
    conditions.nowMs - config.baselineMaxAgeMinutes * 60_000,
    conditions.nowMs,
  );
  const here = recent.filter((r) => sameAir(r.reading, conditions.ambientC, config)).slice(0, config.baselineWindow);
  if (here.length >= config.baselineMinSamples)
    return inForce(
      here.map((r) => r.valueC),
      'today',
      here.length,
    );
  const elsewhere = recent.filter((r) => !sameAir(r.reading, conditions.ambientC, config) && r.ambientC !== null);
  if (elsewhere.length >= config.baselineMinSamples - here.length && elsewhere.length > 0)
    return {
      kind: 'none',
      why: 'air-changed',
      samples: here.length,
      earlierAmbientC: median(elsewhere.slice(0, config.baselineWindow).map((r) => r.ambientC!)),
    };
  return { kind: 'none', why: 'too-few-samples', samples: here.length, earlierAmbientC: null };
}

/**
 * The gate's baseline from the same hour yesterday (within an hour either side of this time
 * yesterday), in the same air and at the same site, from the gate's own history of normal readings.
 */
export function yesterdayBaseline(
  history: readonly Reading[],
  conditions: Conditions,
  todaySamples: number,
  config: BaselineConfig,
): Baseline | null {
  const then = conditions.nowMs - DAY_MS;
  const values = usable(history, conditions.site, then - HOUR_MS, then + HOUR_MS)
    .filter((r) => sameAir(r.reading, conditions.ambientC, config))
    .map((r) => r.valueC);
  if (values.length < config.baselineMinSamples) return null;
  return inForce(values.slice(0, config.baselineWindow * 2), 'yesterday', todaySamples);
}

/**
 * Appends a normal reading to the gate's window and keeps only the newest 2N: readings in other
 * air stay a while, so the screen can tell the guard the air changed.
 */
export function pushNormalReading(window: readonly Reading[], reading: Reading, config: BaselineConfig): Reading[] {
  return [...window, reading].slice(-2 * config.baselineWindow);
}
