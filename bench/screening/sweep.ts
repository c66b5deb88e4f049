import type { FeverRuleConfig } from '../../kiosk/fever-rule/fever-rule.ts';
import { axillaryPer100At, communityRuleConfig, evaluate, type RuleMetrics } from './evaluate.ts';

/**
 * Settings a community (or the kiosk's defaults) could choose, tried on the tuning seed only. The
 * threshold stays at 37.3 °C: it is the community's fever figure, not a knob.
 */
export interface SweepSetting {
  label: string;
  change: Partial<Omit<FeverRuleConfig, 'thresholdC' | 'ratedAmbientC'>>;
}

const MARGIN = { goal: null } as const;

export const SWEEP_SETTINGS: readonly SweepSetting[] = [
  { label: 'goal 95% of ≥37.7 (default)', change: {} },
  { label: 'goal 90% of ≥37.7', change: { goal: { feverC: 37.7, findShare: 0.9 } } },
  { label: 'goal 85% of ≥37.2', change: { goal: { feverC: 37.2, findShare: 0.85 } } },
  { label: 'margin 1.0', change: { ...MARGIN } },
  { label: 'margin 0.8', change: { ...MARGIN, baselineOffsetC: 0.8 } },
  { label: 'margin 0.6', change: { ...MARGIN, baselineOffsetC: 0.6 } },
  { label: 'goal, window 15', change: { baselineWindow: 15 } },
  { label: 'goal, window 60', change: { baselineWindow: 60 } },
  { label: 'goal, min samples 5', change: { baselineMinSamples: 5 } },
  { label: 'goal, min samples 20', change: { baselineMinSamples: 20 } },
  { label: 'goal, same air ±1 °C', change: { sameAirC: 1 } },
  { label: 'goal, same air ±3 °C', change: { sameAirC: 3 } },
];

export interface SweepBand {
  bandC: { min: number; max: number };
  /** Share found of fevers ≥ 38 °C core. */
  sensitivityHigh: number;
  /** Share found of all fevers at the reported prevalence's mix. */
  sensitivity: number;
  /** Rescaled to the reported prevalence. */
  axillaryPer100: number;
  falseAlarmRate: number;
  unreliableShare: number;
}

export interface SweepRow {
  label: string;
  config: FeverRuleConfig;
  bands: SweepBand[];
}

export interface SweepOptions {
  seed: number;
  daysPerBand: number;
  peoplePerDay: number;
  /** Simulated prevalence: high, so a short sweep still sees enough fevers. */
  simulatedPrevalence: number;
  /** The prevalence the guard's axillary load is reported at. */
  reportedPrevalence: number;
  settings?: readonly SweepSetting[];
  fieldScatterSdC?: number;
}

function sweepBand(m: RuleMetrics, reportedPrevalence: number): Omit<SweepBand, 'bandC'> {
  return {
    sensitivityHigh: m.sensitivityHigh,
    sensitivity: m.sensitivity,
    axillaryPer100: axillaryPer100At(m, reportedPrevalence),
    falseAlarmRate: m.falseAlarmRate,
    unreliableShare: m.unreliableShare,
  };
}

export function sweep(options: SweepOptions): SweepRow[] {
  return (options.settings ?? SWEEP_SETTINGS).map(({ label, change }) => {
    const config: FeverRuleConfig = { ...communityRuleConfig(), ...change };
    const results = evaluate({
      seed: options.seed,
      daysPerBand: options.daysPerBand,
      peoplePerDay: options.peoplePerDay,
      prevalence: options.simulatedPrevalence,
      config,
      fieldScatterSdC: options.fieldScatterSdC ?? 0,
    });
    return {
      label,
      config,
      bands: results.map((b) => ({ bandC: b.bandC, ...sweepBand(b.checkpoint, options.reportedPrevalence) })),
    };
  });
}

/** Does this band meet the targets for fevers ≥ 38 °C: ≥ 95 % found, ≤ 5 axillary checks per 100? */
export const meetsHighFeverTargets = (b: SweepBand): boolean =>
  b.sensitivityHigh >= 0.95 && b.axillaryPer100 <= 5 && b.falseAlarmRate <= 0.05;
