import { describe, expect, it } from 'vitest';
import type { Reading } from '../../protocol/index.ts';
import { FEVER_RULE_DEFAULTS, decideFever } from './fever-rule.ts';

describe('the rule with a goal', () => {
  const T0 = Date.parse('2020-02-10T08:00:00+08:00');
  const face = (valueC: number, minute: number): Reading => ({
    valueC,
    source: 'infrared',
    at: new Date(T0 + minute * 60_000).toISOString(),
    ambientC: 22,
    site: 'face-max',
  });
  const crowd = (spreadC: number): Reading[] =>
    Array.from({ length: 30 }, (_, i) => face(36.2 + spreadC * [-1.2, -0.6, 0, 0.6, 1.2][i % 5]!, i - 30));

  it('derives the flag point from the gate’s recent readings, their median and their spread, and reports the cost', () => {
    const tight = decideFever({ readings: [face(37.0, 0)], ambientC: 22, calibration: 'ok', recentNormal: crowd(0.25) });
    const loose = decideFever({ readings: [face(37.0, 0)], ambientC: 22, calibration: 'ok', recentNormal: crowd(0.5) });
    expect(tight.baseline).toMatchObject({ kind: 'in-force', valueC: 36.2 });
    expect(tight.goalCost).not.toBeNull();
    expect(tight.flagAtC).toBeCloseTo(36.2 + tight.goalCost!.marginC, 5);
    expect(loose.flagAtC).toBeLessThan(tight.flagAtC);
    expect(loose.goalCost!.armpitChecksPer100).toBeGreaterThan(tight.goalCost!.armpitChecksPer100);
  });

  it('keeps the community’s "above baseline" margin as a ceiling, and reports the cost of the margin used', () => {
    const loose = { readings: [face(37.0, 0)], ambientC: 22, calibration: 'ok' as const, recentNormal: crowd(0.25) };
    const free = decideFever(loose);
    const capped = decideFever({ ...loose, config: { ...FEVER_RULE_DEFAULTS, baselineOffsetC: 0.3 } });
    expect(free.goalCost!.marginC).toBeGreaterThan(0.3);
    expect(capped.flagAtC).toBeCloseTo(36.5, 5);
    expect(capped.goalCost!.marginC).toBe(0.3);
    expect(capped.goalCost!.armpitChecksPer100).toBeGreaterThan(free.goalCost!.armpitChecksPer100);
  });

  it('never flags later than the community threshold', () => {
    const hot = Array.from({ length: 20 }, (_, i) => ({ ...face(37.1 + (i % 2) * 0.1, i - 20) }));
    const v = decideFever({ readings: [face(37.3, 0)], ambientC: 22, calibration: 'ok', recentNormal: hot });
    expect(v.flagAtC).toBe(37.3);
    expect(v.flaggedBy).toBe('threshold');
  });
});
