import { describe, expect, it } from 'vitest';
import { communityRuleConfig } from './evaluate.ts';
import { meetsHighFeverTargets, sweep, type SweepBand } from './sweep.ts';

describe('sweep', () => {
  const rows = sweep({
    seed: 5,
    daysPerBand: 2,
    peoplePerDay: 400,
    simulatedPrevalence: 0.1,
    reportedPrevalence: 0.01,
    settings: [
      { label: 'wide', change: { goal: null, baselineOffsetC: 1.0 } },
      { label: 'narrow', change: { goal: null, baselineOffsetC: 0.4 } },
    ],
  });
  const total = (bands: SweepBand[], pick: (b: SweepBand) => number): number => bands.reduce((sum, b) => sum + pick(b), 0);

  it('starts from the community rules and changes only the swept setting', () => {
    expect(rows[0]!.config).toEqual({ ...communityRuleConfig(), goal: null, baselineOffsetC: 1.0 });
    expect(rows[1]!.config).toEqual({ ...communityRuleConfig(), goal: null, baselineOffsetC: 0.4 });
    expect(rows[1]!.bands).toHaveLength(7);
  });

  it('finds more fevers with a narrower margin, at the price of more armpit checks', () => {
    const [wide, narrow] = [rows[0]!.bands, rows[1]!.bands];
    expect(total(narrow, (b) => b.sensitivityHigh)).toBeGreaterThan(total(wide, (b) => b.sensitivityHigh));
    expect(total(narrow, (b) => b.axillaryPer100)).toBeGreaterThan(total(wide, (b) => b.axillaryPer100));
  });

  it('judges a band against all three targets', () => {
    const band: SweepBand = {
      bandC: { min: 20, max: 25 },
      sensitivityHigh: 0.96,
      sensitivity: 0.5,
      axillaryPer100: 4,
      falseAlarmRate: 0.01,
      unreliableShare: 0,
    };
    expect(meetsHighFeverTargets(band)).toBe(true);
    expect(meetsHighFeverTargets({ ...band, sensitivityHigh: 0.94 })).toBe(false);
    expect(meetsHighFeverTargets({ ...band, axillaryPer100: 5.1 })).toBe(false);
    expect(meetsHighFeverTargets({ ...band, falseAlarmRate: 0.06 })).toBe(false);
  });
});
