import { z } from 'zod';
import { Instant, MeasuringSite } from './common.ts';
import type { Reading } from './entry.ts';
import { normalCdf, type ScreeningModel } from './fever-goal.ts';

/**
 * Every armpit reading the guard types in is a labelled pair with the infrared reading before it.
 * The gate's recent pairs tell how far its thermometer now reads from its calibration: the learnt
 * offset. The pairs are not a fair sample (the guard only takes an armpit reading after a high
 * infrared one), so a plain average of the differences would read high; the estimate below counts
 * each pair as drawn from above the flag point it passed (a truncated normal), which removes that.
 */
export interface ArmpitPair {
  site: MeasuringSite;
  /** When the infrared reading was taken: only pairs since the device's last calibration count. */
  at: string;
  /** The first infrared reading, as the device gave it (its calibration offset applied). */
  infraredC: number;
  armpitC: number;
  /** The flag point the infrared reading passed to be sent to the armpit; null if it was not selected on it. */
  flagAtC: number | null;
}

export const LearntOffset = z.object({
  /** What the device reads above a calibrated one (add to the threshold; a negative value reads low). */
  offsetC: z.number().finite(),
  /** Its standard error. */
  sdC: z.number().finite().nonnegative(),
  pairs: z.number().int().nonnegative(),
  /** Enough pairs, close enough: the rule uses it. */
  inUse: z.boolean(),
  /** The pairs disagree with the calibration record: the device needs recalibrating. */
  disagrees: z.boolean(),
});
export type LearntOffset = z.infer<typeof LearntOffset>;

/**
 * One gate device's learnt offsets, one per measuring site it has armpit checks for, as the
 * console's gate page shows them: computed by the server from the entries it stored, from the pairs
 * since the device's last calibration (the calibration each infrared reading was taken under)
 * within the learning window.
 */
export const DeviceOffsetView = z.object({
  deviceId: z.string(),
  gateId: z.string(),
  /** The device's last calibration, as its latest infrared reading recorded it; null: none recorded. */
  calibratedAt: Instant.nullable(),
  /** The pairs counted were taken at or after this: the later of the calibration and the window's start. */
  since: Instant,
  sites: z.array(
    z.object({
      site: MeasuringSite,
      learnt: LearntOffset,
      lastPairAt: Instant,
    }),
  ),
});
export type DeviceOffsetView = z.infer<typeof DeviceOffsetView>;

export const OFFSET_LEARNING = Object.freeze({
  /**
   * Pairs needed before the rule uses the learnt offset. On the replay (npm run screening-eval) the
   * estimate still reads about 0.15 °C high at the hottest face point when the device is right: the
   * re-measure selects the pairs a second time, which the truncation above does not model.
   */
  minPairs: 30,
  /** ... and the largest standard error it accepts. */
  maxSdC: 0.15,
  /** A learnt offset at least this large, and clear of twice its error, disagrees with the record. */
  disagreeC: 0.3,
  /** How far back pairs count (a device drifts; the gate keeps two weeks of entries). */
  windowDays: 14,
});

/**
 * The pair a finished screening makes: its first infrared reading (as the device gave it) and the
 * last armpit reading, with the flag point that reading passed to be sent to the armpit.
 */
export function armpitPair(readings: readonly Reading[], flagAtC: number | null): ArmpitPair | null {
  const infrared = readings.find((r) => r.source === 'infrared');
  const armpit = readings.filter((r) => r.source === 'axillary').at(-1);
  if (!infrared || !armpit) return null;
  return { site: infrared.site ?? 'forehead', at: infrared.at, infraredC: infrared.valueC, armpitC: armpit.valueC, flagAtC };
}

/**
 * The pairs taken since the device's last calibration: a calibration resets what the device reads
 * off, so older pairs describe a device that no longer exists. Null: no calibration recorded, every pair counts.
 */
export function sinceCalibration(pairs: readonly ArmpitPair[], calibratedAt: string | null | undefined): ArmpitPair[] {
  if (!calibratedAt) return [...pairs];
  const from = Date.parse(calibratedAt);
  return pairs.filter((p) => Date.parse(p.at) >= from);
}

const density = (z: number): number => Math.exp(-(z * z) / 2) / Math.sqrt(2 * Math.PI);

/** Inverse Mills ratio: the mean of a standard normal above z. */
function mills(z: number): number {
  const tail = 1 - normalCdf(z);
  return tail < 1e-12 ? z : density(z) / tail;
}

export function learnOffset(
  pairs: readonly ArmpitPair[],
  site: MeasuringSite,
  model: ScreeningModel,
  rules = OFFSET_LEARNING,
): LearntOffset | null {
  const mine = pairs.filter((p) => p.site === site);
  if (mine.length === 0) return null;
  const fit = model.sites[site];
  const body = fit.gain * model.healthyBodySdC;
  const sd = Math.sqrt(Math.max(fit.healthySpreadC ** 2 - body ** 2, fit.healthySpreadC ** 2 / 4));
  const expected = (p: ArmpitPair, offset: number): number =>
    model.healthyBodyC + offset + fit.gain * (p.armpitC - model.healthyBodyC);
  // Mean of each infrared reading given its armpit reading and that it passed its flag point.
  const selectedMean = (p: ArmpitPair, offset: number): number => {
    const mu = expected(p, offset);
    return p.flagAtC === null ? mu : mu + sd * mills((p.flagAtC - mu) / sd);
  };
  const gap = (offset: number): number => mine.reduce((sum, p) => sum + p.infraredC - selectedMean(p, offset), 0);
  // gap falls as the offset rises: bisection.
  let lo = -5;
  let hi = 5;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (gap(mid) > 0) lo = mid;
    else hi = mid;
  }
  const offsetC = (lo + hi) / 2;
  // Fisher information of a truncated normal's location: each pair carries 1 − λ(λ − z) of a full one.
  const information = mine.reduce((sum, p) => {
    if (p.flagAtC === null) return sum + 1;
    const z = (p.flagAtC - expected(p, offsetC)) / sd;
    const lambda = mills(z);
    return sum + Math.max(1 - lambda * (lambda - z), 0.01);
  }, 0);
  const sdC = sd / Math.sqrt(information);
  const disagrees = Math.abs(offsetC) >= rules.disagreeC && Math.abs(offsetC) > 2 * sdC;
  return { offsetC, sdC, pairs: mine.length, inUse: mine.length >= rules.minPairs && sdC <= rules.maxSdC, disagrees };
}
