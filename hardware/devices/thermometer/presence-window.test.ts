import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, PresenceWindow } from './presence-window.ts';

const at = (objectC: number, ambientC = 21) => ({ objectC, ambientC });

describe('PresenceWindow', () => {
  it('reports the median of a stable window once, not every sample', () => {
    const window = new PresenceWindow({ skinRangeC: { min: 30, max: 43 }, windowSize: 5, maxSpreadC: 0.3 });
    const results = [36.5, 36.7, 36.6, 36.8, 36.6, 36.6, 36.7].map((c) => window.push(at(c)));
    expect(results.slice(0, 4)).toEqual([null, null, null, null]);
    expect(results[4]).toEqual({ objectC: 36.6, ambientC: 21 });
    expect(results.slice(5)).toEqual([null, null]);
  });

  it('ignores the background and waits for the subject to hold still', () => {
    const window = new PresenceWindow({ skinRangeC: { min: 30, max: 43 }, windowSize: 3, maxSpreadC: 0.3 });
    for (const c of [21, 22, 21]) expect(window.push(at(c))).toBeNull();
    // Stepping up to the sensor: still rising.
    for (const c of [31, 34, 36.2]) expect(window.push(at(c))).toBeNull();
    expect(window.push(at(36.4))).toBeNull();
    expect(window.push(at(36.4))).toEqual({ objectC: 36.4, ambientC: 21 });
  });

  it('reports the next person after the previous one stepped away', () => {
    const window = new PresenceWindow({ skinRangeC: { min: 30, max: 43 }, windowSize: 2, maxSpreadC: 0.3 });
    window.push(at(36.5));
    expect(window.push(at(36.5))).not.toBeNull();
    expect(window.push(at(37.9))).toBeNull();
    window.push(at(22));
    window.push(at(37.9));
    expect(window.push(at(37.9))).toEqual({ objectC: 37.9, ambientC: 21 });
  });

  it('validates its options', () => {
    expect(() => new PresenceWindow({ skinRangeC: { min: 30, max: 43 }, windowSize: 0, maxSpreadC: 0.3 })).toThrow(TypeError);
    expect(() => new PresenceWindow({ skinRangeC: { min: 43, max: 30 }, windowSize: 3, maxSpreadC: 0.3 })).toThrow(/skinRangeC/);
  });

  it('never reports a value outside the skin range or from an unstable window (random samples)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -40, max: 90, noNaN: true }), { maxLength: 60 }), (objects) => {
        const window = new PresenceWindow({ skinRangeC: { min: 30, max: 43 }, windowSize: 4, maxSpreadC: 0.3 });
        const recent: number[] = [];
        for (const c of objects) {
          recent.push(c);
          const reading = window.push(at(c));
          if (!reading) continue;
          const last = recent.slice(-4);
          expect(reading.objectC).toBeGreaterThanOrEqual(30);
          expect(reading.objectC).toBeLessThanOrEqual(43);
          expect(Math.max(...last) - Math.min(...last)).toBeLessThanOrEqual(0.3);
        }
      }),
    );
  });

  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([36.5, 36.7, 36.6, 36.8])).toBe(36.65);
  });
});
