import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { uuidv7Floor, uuidv7Time } from './entry-id-bounds.ts';

describe('uuidv7Floor', () => {
  it('sorts below every id of that millisecond and above every id of the one before', () => {
    const msecs = Date.parse('2026-11-25T00:30:00.000Z');
    const floor = uuidv7Floor(new Date(msecs));
    for (let i = 0; i < 50; i += 1) {
      expect(uuidv7({ msecs }) >= floor).toBe(true);
      expect(uuidv7({ msecs: msecs - 1 }) < floor).toBe(true);
    }
  });

  it('reads back the time it was made from', () => {
    const at = new Date('2026-11-25T08:30:00.123+08:00');
    expect(uuidv7Time(uuidv7Floor(at))).toBe(at.getTime());
    expect(uuidv7Time(uuidv7({ msecs: at.getTime() }))).toBe(at.getTime());
  });

  it('refuses a time no UUIDv7 can carry', () => {
    expect(() => uuidv7Floor(new Date(Number.NaN))).toThrow(RangeError);
  });
});
