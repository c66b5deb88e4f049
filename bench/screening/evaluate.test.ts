import { describe, expect, it } from 'vitest';
import { axillaryPer100At, emptyTally, evaluateBand, metricsOf } from './evaluate.ts';
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

  it('shows the cold start apart: who was judged before today’s baseline, on what, at what cost', () => {
    const a = run();
    const judged = Object.values(a.judgedOn);
    expect(judged.reduce((sum, m) => sum + m.people, 0)).toBe(a.checkpoint.people);
    expect(judged.reduce((sum, m) => sum + m.axillaryChecks, 0)).toBe(a.checkpoint.axillaryChecks);
    // The first day has no history: in the cold its first people meet the cold-start line until ten normal readings are in.
    expect(a.judgedOn['cold-start'].people).toBeGreaterThanOrEqual(10);
    expect(a.judgedOn['cold-start'].axillaryChecks).toBeGreaterThan(0);
    expect(a.judgedOn.threshold.people).toBe(0);
    // Later days start on yesterday's baseline for the hour where the air is alike.
    expect(a.judgedOn.yesterday.people).toBeGreaterThan(0);
    expect(a.judgedOn.today.perDay).toBeCloseTo(a.judgedOn.today.people / 3, 5);
  });

  it('computes rates from the tallies', () => {
    const t = {
      ...emptyTally(),
      people: 200,
      febrile: 10,
      detected: 9,
      febrileHigh: 4,
      detectedHigh: 4,
      falseAlarms: 19,
      axillaryChecks: 30,
    };
    const m = metricsOf({ ...t, axillaryChecksFebrile: 10, reMeasures: 4, screenedUnreliable: 50 });
    expect(m.sensitivity).toBeCloseTo(0.9, 5);
    expect(m.sensitivityHigh).toBe(1);
    expect(m.sensitivityLow).toBeCloseTo(5 / 6, 5);
    expect(m.falseAlarmRate).toBeCloseTo(0.1, 5);
    expect(m.axillaryPer100).toBeCloseTo(15, 5);
    expect(m.sensitivityCi[0]).toBeLessThan(0.9);
    expect(m.sensitivityCi[1]).toBeGreaterThan(0.9);
  });

  it('rescales the axillary load to another prevalence from the febrile and healthy check rates', () => {
    // 10 febrile, all checked; 190 healthy, 20 checked.
    const t = { ...emptyTally(), people: 200, febrile: 10, axillaryChecks: 30, axillaryChecksFebrile: 10 };
    expect(axillaryPer100At(t, 0.05)).toBeCloseTo(15, 5);
    expect(axillaryPer100At(t, 0.01)).toBeCloseTo(100 * (0.99 * (20 / 190) + 0.01), 5);
  });

  it('draws one bar per rule, band and panel and escapes the labels', () => {
    const band = run();
    const svg = screeningSvg(
      [band.bandC],
      [
        { label: 'fixed', bands: [band.fixed] },
        { label: 'x < y', bands: [band.checkpoint] },
      ],
      'a < b & c',
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('a &lt; b &amp; c');
    expect(svg).toContain('x &lt; y');
    expect(svg.match(/<rect class="bar"/g)?.length).toBe(8);
  });
});
