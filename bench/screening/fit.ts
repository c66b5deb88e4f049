import type { MeasuringSite } from '../../protocol/index.ts';
import { median, robustSpread } from '../../kiosk/fever-rule/baseline.ts';
import type { ScreeningModel, SiteModel } from '../../protocol/fever-goal.ts';
import { ORAL_ABOVE_ARMPIT_C, type Subject } from './real-data.ts';

/** Healthy for fitting and for the figures: under 37.5 °C by mouth, the lowest fever the targets count. */
export const FEVER_ORAL_C = 37.5;
export const HIGH_FEVER_ORAL_C = 38.0;

export interface SiteFit extends SiteModel {
  /** Added to a raw reading so that healthy people read their median armpit temperature (the device's calibration). */
  calibrationC: number;
  /** °C of reading per °C of room temperature. */
  ambientSlope: number;
  /**
   * SD of a second reading seconds later about the first (a re-measure), per reading: 1.4826 × the
   * median absolute deviation of their difference, ÷ √2 (a few wild pairs would double a plain SD).
   */
  repeatSdC: number;
  /** How much warmer the second reading reads than the first, the median over people. */
  remeasureRiseC: number;
  /** Subjects the fit used. */
  n: number;
}

export interface PopulationFit extends ScreeningModel {
  sites: Record<MeasuringSite, SiteFit>;
}

/** Least squares of y on [1, x1, x2]; answers the coefficients. */
function ols2(ys: number[], x1: number[], x2: number[]): [number, number, number] {
  const m = [
    [0, 0, 0, 0],
    [0, 0, 0, 0],
    [0, 0, 0, 0],
  ];
  ys.forEach((y, i) => {
    const row = [1, x1[i]!, x2[i]!];
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) m[a]![b]! += row[a]! * row[b]!;
      m[a]![3]! += row[a]! * y;
    }
  });
  for (let i = 0; i < 3; i++)
    for (let k = i + 1; k < 3; k++) {
      const f = m[k]![i]! / m[i]![i]!;
      for (let j = i; j < 4; j++) m[k]![j]! -= f * m[i]![j]!;
    }
  const b = [0, 0, 0];
  for (let i = 2; i >= 0; i--) {
    let sum = m[i]![3]!;
    for (let j = i + 1; j < 3; j++) sum -= m[i]![j]! * b[j]!;
    b[i] = sum / m[i]![i]!;
  }
  return [b[0]!, b[1]!, b[2]!];
}

export function fitSite(subjects: readonly Subject[], site: MeasuringSite): SiteFit | null {
  const usable = subjects.filter((s) => s.rounds[site]);
  if (usable.length < 30) return null;
  const first = usable.map((s) => s.rounds[site]![0]!);
  const [, gain, ambientSlope] = ols2(
    first,
    usable.map((s) => s.oralC),
    usable.map((s) => s.ambientC),
  );
  const healthy = usable.filter((s) => s.oralC < FEVER_ORAL_C);
  const differences = usable.map((s) => s.rounds[site]![1]! - s.rounds[site]![0]!);
  // Healthy readings brought to one room temperature: the spread a gate's baseline sees.
  const atOneRoom = healthy.map((s) => s.rounds[site]![0]! - ambientSlope * (s.ambientC - 24));
  const calibrationC =
    median(healthy.map((s) => s.oralC - ORAL_ABOVE_ARMPIT_C)) - median(healthy.map((s) => s.rounds[site]![0]!));
  return {
    gain,
    ambientSlope,
    healthySpreadC: robustSpread(atOneRoom),
    calibrationC,
    repeatSdC: robustSpread(differences) / Math.SQRT2,
    remeasureRiseC: median(differences),
    n: usable.length,
  };
}

/** Fits every site the subjects carry; a site with too few readings keeps the model it is given. */
export function fitPopulation(subjects: readonly Subject[], fallback: ScreeningModel): PopulationFit {
  const healthyArmpit = subjects.filter((s) => s.oralC < FEVER_ORAL_C).map((s) => s.oralC - ORAL_ABOVE_ARMPIT_C);
  const sites = {} as Record<MeasuringSite, SiteFit>;
  for (const site of Object.keys(fallback.sites) as MeasuringSite[])
    sites[site] = fitSite(subjects, site) ?? {
      ...fallback.sites[site],
      calibrationC: 0,
      ambientSlope: 0,
      repeatSdC: 0,
      remeasureRiseC: 0,
      n: 0,
    };
  return { sites, healthyBodyC: median(healthyArmpit), healthyBodySdC: robustSpread(healthyArmpit) };
}
