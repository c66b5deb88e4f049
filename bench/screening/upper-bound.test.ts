import { describe, expect, it } from 'vitest';
import { communityRuleConfig } from './evaluate.ts';
import { DATASET_FILES } from './real-data.ts';
import { REAL_TARGETS } from './real-report.ts';
import { seededRandom } from './seeded-random.ts';
import { readObservations, upperBound, type Observation } from './upper-bound.ts';

const options = { budgetPer100: REAL_TARGETS.armpitPer100Max, armpitLineC: 37.3, folds: 5, seed: 7 };

/** 2,000 people, one in ten with a fever of 37.5–39.0 °C by mouth; `features` sees each of them. */
function people(features: (oralC: number, random: ReturnType<typeof seededRandom>) => number[]): Observation[] {
  const random = seededRandom(11);
  return Array.from({ length: 2000 }, (_, i) => {
    const oralC = i % 10 === 0 ? random.uniform(37.5, 39) : random.normal(36.8, 0.25);
    return { oralC, features: features(oralC, random) };
  });
}

describe('the upper bound on what any rule finds within the armpit budget', () => {
  it('sends every fever when a reading tells oral temperature exactly, and finds those the armpit line confirms', () => {
    const bound = upperBound(
      people((oralC, random) => [oralC + random.normal(0, 0.005), random.normal(0, 1)]),
      ['exact', 'noise'],
      options,
    );
    expect(bound.inSample.sent).toBe(1);
    expect(bound.inSample.found).toBe(bound.ceiling);
    expect(bound.ceiling).toBeLessThan(1);
    expect(bound.heldOut.sent).toBe(1);
    expect(bound.inSample.armpitPer100).toBeLessThanOrEqual(options.budgetPer100);
  });

  it('sends few fevers when the readings know nothing of temperature', () => {
    const bound = upperBound(
      people((_, random) => [random.normal(0, 1)]),
      ['noise'],
      options,
    );
    expect(bound.heldOut.sent).toBeLessThan(0.25);
    expect(bound.heldOut.armpitPer100).toBeLessThanOrEqual(options.budgetPer100);
  });

  it('on the real readings, even every face region at once stays short of the 85 % target within 8 checks per 100', () => {
    const read = DATASET_FILES.map((path) => readObservations(path));
    const observations = read.flatMap((r) => r.observations);
    const bound = upperBound(observations, read[0]!.features, {
      ...options,
      armpitLineC: communityRuleConfig().thresholdC,
    });
    expect(bound.features.length).toBeGreaterThan(20);
    expect(bound.people).toBeGreaterThan(900);
    expect(bound.inSample.found).toBeLessThan(REAL_TARGETS.foundMin);
    expect(bound.heldOut.found).toBeLessThan(REAL_TARGETS.foundMin);
    expect(bound.inSample.sent).toBeGreaterThan(bound.inSample.found);
  });
});
