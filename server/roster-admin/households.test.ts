import { describe, expect, it } from 'vitest';
import { floorFromRoom } from './households.ts';

describe('floorFromRoom', () => {
  it('reads the floor from Chinese room numbers', () => {
    expect(floorFromRoom('502')).toBe(5);
    expect(floorFromRoom('1203')).toBe(12);
    expect(floorFromRoom(' 101 ')).toBe(1);
  });

  it('gives no floor where the number does not carry one', () => {
    expect(floorFromRoom('12')).toBeNull();
    expect(floorFromRoom('A3')).toBeNull();
    expect(floorFromRoom('商铺1')).toBeNull();
  });
});
