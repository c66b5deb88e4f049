import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './latency-summary.ts';

describe('summarize', () => {
  it('reports nearest-rank percentiles of unsorted samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(summarize(samples)).toEqual({ n: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('answers a sample that happened, never an interpolation', () => {
    expect(percentile([1, 10], 0.5)).toBe(1);
    expect(percentile([1, 10], 0.99)).toBe(10);
  });

  it('answers NaN for no samples rather than a made-up figure', () => {
    expect(summarize([]).p99).toBeNaN();
  });
});
