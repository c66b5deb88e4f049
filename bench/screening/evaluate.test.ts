import { describe, expect, it } from 'vitest';
import { evaluateBand, metricsOf } from './evaluate.ts';
import { screeningSvg } from './plot-svg.ts';

describe('evaluateBand', () => {
  const run = () => evaluateBand({ min: 0, max: 5 }, { seed: 3, daysPerBand: 3, peoplePerDay: 300, prevalence: 0.05 });

  it('is deterministic for a seed and shows the fixed threshold missing fevers in the cold', () => {
    const a = run();
    expect(run()).toEqual(a);
    expect(a.fixed.people).toBe(900);
    expect(a.fixed.febrile).toBe(a.checkpoint.febrile);
    expect(a.checkpoint.sensitivity).toBeGreaterThan(a.fixed.sensitivity);
    expect(a.checkpoint.unreliableShare).toBeGreaterThan(0.5);
  });

  it('computes rates from the tallies', () => {
    const m = metricsOf({ people: 200, febrile: 10, detected: 9, falseAlarms: 19, axillaryChecks: 30, reMeasures: 4, screenedUnreliable: 50 });
    expect(m.sensitivity).toBeCloseTo(0.9, 5);
    expect(m.falseAlarmRate).toBeCloseTo(0.1, 5);
    expect(m.axillaryPer100).toBeCloseTo(15, 5);
    expect(m.sensitivityCi[0]).toBeLessThan(0.9);
    expect(m.sensitivityCi[1]).toBeGreaterThan(0.9);
  });

  it('draws one bar pair per band and escapes the caption', () => {
    const svg = screeningSvg([run()], 'a < b & c');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('a &lt; b &amp; c');
    expect(svg.match(/<rect class="bar"/g)?.length).toBe(6);
  });
});
