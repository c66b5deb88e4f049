import { describe, expect, it } from 'vitest';
import { zonedDateTime, zonedInstant, zonedTime } from './zoned-time.ts';

describe('zoned time', () => {
  it('files 05:50 Beijing time on its own day and hour, whatever the instant is written in', () => {
    expect(zonedTime('2026-11-24T21:50:00Z', 'Asia/Shanghai')).toEqual({
      date: '2026-11-25',
      time: '05:50:00',
      hour: 5,
      offset: '+08:00',
    });
    expect(zonedTime('2026-11-25T05:50:00+08:00', 'Asia/Shanghai').date).toBe('2026-11-25');
    expect(zonedDateTime('2026-11-24T21:50:00Z', 'Asia/Shanghai')).toBe('2026-11-25 05:50:00 +08:00');
  });

  it('gives midnight as hour 0 and UTC an explicit offset', () => {
    expect(zonedTime('2026-11-24T16:00:00Z', 'Asia/Shanghai')).toMatchObject({ date: '2026-11-25', hour: 0 });
    expect(zonedDateTime('2026-11-24T16:00:00Z', 'UTC')).toBe('2026-11-24 16:00:00 +00:00');
  });

  it('finds the instant of a wall-clock time in a zone, on either side of a clock change', () => {
    expect(zonedInstant('2026-11-26', '10:00', 'Asia/Shanghai').toISOString()).toBe('2026-11-26T02:00:00.000Z');
    expect(zonedInstant('2026-11-26', '10:00', 'Asia/Urumqi').toISOString()).toBe('2026-11-26T04:00:00.000Z');
    // New York: EDT (-4) until 1 November 2026 02:00, EST (-5) after.
    expect(zonedInstant('2026-10-31', '10:00', 'America/New_York').toISOString()).toBe('2026-10-31T14:00:00.000Z');
    expect(zonedInstant('2026-11-02', '10:00', 'America/New_York').toISOString()).toBe('2026-11-02T15:00:00.000Z');
  });
});
