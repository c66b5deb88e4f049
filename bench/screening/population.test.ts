import { describe, expect, it } from 'vitest';
import { MODEL, foreheadOffsetC, meanOffsetC, offsetSdC, simulateDay, type Person } from './population.ts';
import { seededRandom } from './seeded-random.ts';

const options = { bandC: { min: 20, max: 25 }, peoplePerDay: 800, prevalence: 0.01 };

describe('simulateDay', () => {
  it('replays the same day for the same seed and a different one for another seed', () => {
    expect(simulateDay(42, options)).toEqual(simulateDay(42, options));
    expect(simulateDay(43, options).people[0]).not.toEqual(simulateDay(42, options).people[0]);
  });

  it('respects the fever prevalence and keeps fever and core consistent', () => {
    const people = Array.from({ length: 20 }, (_, i) => simulateDay(i, { ...options, prevalence: 0.05 }).people).flat();
    const febrile = people.filter((p) => p.febrile);
    const share = febrile.length / people.length;
    expect(share).toBeGreaterThan(0.045);
    expect(share).toBeLessThan(0.055);
    expect(people.every((p) => p.coreC >= MODEL.feverCoreC === p.febrile)).toBe(true);
  });

  it('draws fevers with the admission grade mix: about half low-grade, few above 39 °C', () => {
    const febrile = Array.from({ length: 40 }, (_, i) => simulateDay(i, { ...options, prevalence: 0.1 }).people)
      .flat()
      .filter((p) => p.febrile);
    const shareBelow = (c: number): number => febrile.filter((p) => p.coreC < c).length / febrile.length;
    expect(febrile.length).toBeGreaterThan(2500);
    expect(shareBelow(MODEL.clinicalFeverCoreC)).toBeCloseTo(104 / 197, 1);
    expect(1 - shareBelow(39)).toBeCloseTo(13 / 197, 1);
    expect(febrile.every((p) => p.coreC >= MODEL.feverCoreC && p.coreC <= 40)).toBe(true);
  });

  it('adds the asked field scatter per person and none by default', () => {
    const plain = simulateDay(9, options).people;
    const field = simulateDay(9, { ...options, fieldScatterSdC: 0.5 }).people;
    const sd = Math.sqrt(field.reduce((sum, p) => sum + p.fieldOffsetC ** 2, 0) / field.length);
    expect(plain.every((p) => p.fieldOffsetC === 0)).toBe(true);
    expect(sd).toBeGreaterThan(0.45);
    expect(sd).toBeLessThan(0.55);
    expect(field.map((p) => p.coreC)).toEqual(plain.map((p) => p.coreC));
  });

  it('has a morning and an evening rush', () => {
    const arrivals = Array.from({ length: 5 }, (_, i) => simulateDay(i, options).people)
      .flat()
      .map((p) => p.arrivalMinute / 60);
    const inHour = (h: number): number => arrivals.filter((a) => a >= h && a < h + 1).length;
    expect(inHour(7.25)).toBeGreaterThan(2 * inHour(13));
    expect(inHour(17.5)).toBeGreaterThan(2 * inHour(13));
  });

  it('stamps calibration expired once past its validity', () => {
    for (let s = 0; s < 30; s++) {
      const day = simulateDay(s, options);
      expect(day.calibration).toBe(day.daysSinceCalibration <= MODEL.calibrationValidDays ? 'ok' : 'expired');
    }
  });
});

describe('forehead offset', () => {
  it('reads lower and scatters more the colder it is, and rises in the heat', () => {
    expect(meanOffsetC(0)).toBeLessThan(meanOffsetC(10));
    expect(meanOffsetC(10)).toBeLessThan(meanOffsetC(22));
    expect(meanOffsetC(22)).toBeCloseTo(-0.5, 2);
    expect(meanOffsetC(33)).toBeGreaterThan(0);
    expect(offsetSdC(0)).toBeGreaterThan(offsetSdC(22));
  });

  it('moves from the air a person came from towards the gate air over minutes', () => {
    const leaver: Person = {
      index: 0,
      arrivalMinute: 480,
      direction: 'out',
      coreC: 36.7,
      febrile: false,
      offsetZ: 0,
      fieldOffsetC: 0,
      previousAirC: 20,
      minutesInGateAir: 0,
    };
    const justOut = foreheadOffsetC(leaver, 0, 0);
    const later = foreheadOffsetC(leaver, 0, 5);
    expect(justOut).toBeCloseTo(meanOffsetC(20), 5);
    expect(later).toBeLessThan(justOut);
    expect(foreheadOffsetC(leaver, 0, 60)).toBeCloseTo(meanOffsetC(0), 3);
  });
});

describe('seededRandom', () => {
  it('draws normals with the asked mean and SD', () => {
    const rng = seededRandom(7);
    const xs = Array.from({ length: 20_000 }, () => rng.normal(2, 0.5));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(2, 1);
    expect(sd).toBeCloseTo(0.5, 1);
  });
});
