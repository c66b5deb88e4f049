import { describe, expect, it } from 'vitest';
import { DEFAULT_FEVER_GOAL, SCREENING_MODEL, marginForGoal, normalCdf } from './fever-goal.ts';

describe('normalCdf', () => {
  it('matches the standard normal at known points', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.6449)).toBeCloseTo(0.95, 4);
    expect(normalCdf(-1.96)).toBeCloseTo(0.025, 4);
  });
});

describe('marginForGoal', () => {
  it('asks a wider crowd for a lower margin, and says the cost in armpit checks rises', () => {
    const narrow = marginForGoal('face-max', 0.3, DEFAULT_FEVER_GOAL);
    const wide = marginForGoal('face-max', 0.5, DEFAULT_FEVER_GOAL);
    expect(wide.marginC).toBeLessThan(narrow.marginC);
    expect(wide.armpitChecksPer100).toBeGreaterThan(narrow.armpitChecksPer100);
  });

  it('costs far more on the forehead than at the hottest face point, for the same goal and crowd', () => {
    const forehead = marginForGoal('forehead', SCREENING_MODEL.sites.forehead.healthySpreadC, DEFAULT_FEVER_GOAL);
    const face = marginForGoal('face-max', SCREENING_MODEL.sites['face-max'].healthySpreadC, DEFAULT_FEVER_GOAL);
    expect(forehead.armpitChecksPer100).toBeGreaterThan(3 * face.armpitChecksPer100);
  });

  it('a stricter goal (find more, or milder fevers) lowers the margin', () => {
    const base = marginForGoal('face-max', 0.35, DEFAULT_FEVER_GOAL).marginC;
    expect(marginForGoal('face-max', 0.35, { ...DEFAULT_FEVER_GOAL, findShare: 0.99 }).marginC).toBeLessThan(base);
    expect(marginForGoal('face-max', 0.35, { ...DEFAULT_FEVER_GOAL, feverC: 37.3 }).marginC).toBeLessThan(base);
  });
});
