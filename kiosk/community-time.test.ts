import { describe, expect, it } from 'vitest';
import { communityClock, communityDateTime, communityDayStart } from './community-time.ts';

describe('community time', () => {
  it("starts the community's day at its own midnight, not the gate PC's", () => {
    // 05:50 in Beijing is 21:50 the evening before in UTC: the passage belongs to the Beijing day.
    const at = new Date('2026-11-24T21:50:00.000Z');
    expect(communityDayStart(at, 'Asia/Shanghai').toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(communityDayStart(at, 'UTC').toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(communityDayStart(at, 'Asia/Shanghai', 6).toISOString()).toBe('2026-11-18T16:00:00.000Z');
  });

  it('finds midnight on a day the clocks change', () => {
    // Berlin springs forward on 2026-03-29 at 02:00: that day still starts at 00:00 CET (UTC+1).
    expect(communityDayStart(new Date('2026-03-29T20:00:00.000Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
  });

  it("shows hours on the community's clock", () => {
    expect(communityClock('2026-11-24T21:50:00.000Z', 'zh-CN', 'Asia/Shanghai')).toBe('05:50');
    expect(communityClock('2026-11-24T21:50:07.000Z', 'en', 'Asia/Shanghai', true)).toBe('05:50:07');
    expect(communityDateTime('2026-11-24T21:50:00.000Z', 'en', 'Asia/Shanghai')).toContain('05:50');
    expect(communityDateTime('2026-11-24T21:50:00.000Z', 'en', 'Asia/Shanghai')).toContain('11/25/26');
  });
});
