import { describe, expect, it } from 'vitest';
import { robustSpread } from '../../kiosk/fever-rule/baseline.ts';
import { SCREENING_MODEL } from '../../protocol/fever-goal.ts';
import { simulationAgainstReplay } from './agreement.ts';
import { fitPopulation } from './fit.ts';
import { MODEL, meanOffsetC, refitPopulation, simulateDay } from './population.ts';
import { DATASET_FILES, readSubjects } from './real-data.ts';

const subjects = DATASET_FILES.flatMap(readSubjects);
const fit = fitPopulation(subjects, SCREENING_MODEL);

describe('refitPopulation', () => {
  it('ships the figures the real data gives (npm run screening-eval -- --fit), rounded', () => {
    const refit = refitPopulation({ ...fit.sites.forehead, healthyBodySdC: fit.healthyBodySdC });
    expect(MODEL.coreGain).toBeCloseTo(refit.coreGain, 2);
    expect(MODEL.sensorSdC).toBeCloseTo(refit.sensorSdC, 2);
    expect(MODEL.offsetSdRatedC).toBeCloseTo(refit.offsetSdRatedC, 2);
    expect(MODEL.afebrileCoreSdC).toBeCloseTo(refit.afebrileCoreSdC, 2);
    for (const [i, [at, offset]] of refit.offsetAnchors.entries()) {
      expect(MODEL.offsetAnchors[i]![0]).toBe(at);
      expect(MODEL.offsetAnchors[i]![1]).toBeCloseTo(offset, 2);
    }
  });

  it('keeps the cold from the outdoor studies and puts in the slope the rooms show', () => {
    const refit = refitPopulation({ gain: 0.8, ambientSlope: 0.1, healthySpreadC: 0.4, repeatSdC: 0.1, healthyBodySdC: 0.2 });
    expect(meanOffsetC(-2.75, refit)).toBeCloseTo(-3.5, 5);
    expect(meanOffsetC(25, refit) - meanOffsetC(21, refit)).toBeCloseTo(0.4, 5);
    expect(refit.offsetSdColdC).toBe(MODEL.offsetSdColdC);
  });

  it('simulates settled people whose healthy readings spread as the data says', () => {
    const refit = refitPopulation({ ...fit.sites['face-max'], healthyBodySdC: fit.healthyBodySdC });
    const day = simulateDay(3, {
      bandC: { min: 24, max: 24 },
      peoplePerDay: 3000,
      prevalence: 0,
      model: refit,
      site: 'face-max',
      settled: { calibrationBiasC: 0, remeasureRiseC: 0, rooms: [24] },
    });
    const readings = day.people.map(
      (p) =>
        refit.afebrileCoreMeanC +
        meanOffsetC(24, refit) +
        p.offsetZ * refit.offsetSdRatedC +
        refit.coreGain * (p.coreC - refit.afebrileCoreMeanC),
    );
    const withSensor = Math.sqrt(robustSpread(readings) ** 2 + refit.sensorSdC ** 2);
    expect(withSensor).toBeCloseTo(fit.sites['face-max'].healthySpreadC, 1);
    expect(day.people.every((p) => p.roomC === 24 && p.previousAirC === 24)).toBe(true);
  });
});

describe('simulationAgainstReplay', () => {
  it('agrees with the held-out replay in the rooms both cover', () => {
    const rows = simulationAgainstReplay(subjects, ['face-max'], { folds: 5, seed: 1, days: 2, people: 400 });
    expect(rows.map((r) => r.bandC)).toEqual([
      { min: 20, max: 25 },
      { min: 25, max: 30 },
    ]);
    for (const { sim, real } of rows) {
      expect(Math.abs(sim.healthySpreadC - real.healthySpreadC)).toBeLessThan(0.08);
      expect(Math.abs(sim.healthyArmpitPer100 - real.healthyArmpitPer100)).toBeLessThan(5);
      expect(real.people).toBeGreaterThan(200);
    }
  });
});
