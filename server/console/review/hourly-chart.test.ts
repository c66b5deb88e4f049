import { describe, expect, it } from 'vitest';
import type { FigureRow } from '../../../protocol/review-queries.ts';
import { axisTop, hourlyTotals } from './hourly-chart.ts';

const row = (day: string, hour: number, entries: number, fevers: number): FigureRow => ({
  gateId: 'g',
  gateName: '北门',
  day,
  hour,
  entries,
  visitors: 0,
  vehicles: 0,
  fevers,
  denied: 0,
});

describe('hourly chart data', () => {
  it('sums every day and gate into 24 hour bars', () => {
    const bars = hourlyTotals([row('2026-11-24', 8, 10, 1), row('2026-11-25', 8, 5, 0), row('2026-11-25', 23, 2, 2)]);
    expect(bars).toHaveLength(24);
    expect(bars[8]).toEqual({ hour: 8, entries: 15, fevers: 1 });
    expect(bars[23]).toEqual({ hour: 23, entries: 2, fevers: 2 });
    expect(bars[0]).toEqual({ hour: 0, entries: 0, fevers: 0 });
  });

  it('rounds the axis top up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 7, 15, 20, 21, 480, 501].map(axisTop)).toEqual([1, 1, 10, 20, 20, 50, 500, 1000]);
  });
});
