import { describe, expect, it } from 'vitest';
import { learnOffset, type ArmpitPair } from './device-offset.ts';
import { SCREENING_MODEL, normalCdf } from './fever-goal.ts';

/** The z of a standard normal below which `p` of it lies. */
function probit(p: number): number {
  let lo = -8;
  let hi = 8;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** A gate's armpit checks: people whose first reading passed the flag point, from a device reading `errorC` high. */
function checks(errorC: number, flagAtC: number, n: number): ArmpitPair[] {
  const pairs: ArmpitPair[] = [];
  const site = SCREENING_MODEL.sites['face-max'];
  const body = site.gain * SCREENING_MODEL.healthyBodySdC;
  const sd = Math.sqrt(site.healthySpreadC ** 2 - body ** 2);
  // A deterministic crowd: armpit readings about the healthy median, residuals at the normal's quantiles.
  const K = 997;
  for (let i = 0; pairs.length < n && i < 50_000; i++) {
    const armpitC = 36.1 + ((i * 7) % 11) * 0.1;
    const residual = sd * probit((((i * 389) % K) + 0.5) / K);
    const infraredC = SCREENING_MODEL.healthyBodyC + errorC + site.gain * (armpitC - SCREENING_MODEL.healthyBodyC) + residual;
    if (infraredC >= flagAtC) pairs.push({ site: 'face-max', at: '2026-11-25T08:30:00.000Z', infraredC, armpitC, flagAtC });
  }
  return pairs;
}

describe('learnOffset', () => {
  it('recovers a device error from selected pairs, where a plain mean difference reads high', () => {
    for (const errorC of [-0.4, 0, 0.5]) {
      const pairs = checks(errorC, 37.0, 60);
      const learnt = learnOffset(pairs, 'face-max', SCREENING_MODEL)!;
      expect(Math.abs(learnt.offsetC - errorC)).toBeLessThan(0.15);
      const naive = pairs.reduce((s, p) => s + p.infraredC - p.armpitC, 0) / pairs.length;
      expect(naive - errorC).toBeGreaterThan(Math.abs(learnt.offsetC - errorC));
    }
  });

  it('is used only once enough pairs exist, and warns when the pairs disagree with the calibration', () => {
    expect(learnOffset(checks(0.5, 37.0, 12), 'face-max', SCREENING_MODEL)).toMatchObject({ pairs: 12, inUse: false });
    const many = learnOffset(checks(0.5, 37.0, 80), 'face-max', SCREENING_MODEL)!;
    expect(many).toMatchObject({ inUse: true, disagrees: true });
    expect(learnOffset(checks(0.05, 37.0, 80), 'face-max', SCREENING_MODEL)).toMatchObject({ inUse: true, disagrees: false });
  });

  it('knows nothing of a site it has no pairs for', () => {
    expect(learnOffset(checks(0, 37.0, 30), 'forehead', SCREENING_MODEL)).toBeNull();
  });
});
