import { describe, expect, it } from 'vitest';
import { communityToday, communityWallTimeToInstant, setCommunityTimeZone } from './community-time.ts';
import { formatInstant } from './format-instant.ts';

describe("the console's community clock", () => {
  it('shows and reads times on the community clock, not the office PC clock', () => {
    setCommunityTimeZone('Asia/Shanghai');
    expect(formatInstant('2026-11-24T21:50:00Z', 'zh-CN', { seconds: true })).toBe('2026-11-25 05:50:00');
    expect(communityToday(new Date('2026-11-24T21:50:00Z'))).toBe('2026-11-25');
    expect(communityWallTimeToInstant('2026-11-25T05:50')).toBe('2026-11-24T21:50:00.000Z');
    setCommunityTimeZone('Europe/Berlin');
    // Summer time: +02:00 in July, +01:00 in January.
    expect(communityWallTimeToInstant('2026-07-01T12:00')).toBe('2026-07-01T10:00:00.000Z');
    expect(communityWallTimeToInstant('2026-01-01T12:00')).toBe('2026-01-01T11:00:00.000Z');
    setCommunityTimeZone('Asia/Shanghai');
  });
});
