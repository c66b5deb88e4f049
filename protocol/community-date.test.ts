import { describe, expect, it } from 'vitest';
import { addDays, communityDate, dayOfPeriod } from './community-date.ts';

describe('community dates', () => {
  it('uses Beijing time by default: 23:30 UTC is already the next day', () => {
    expect(communityDate(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
    expect(communityDate(new Date('2026-11-30T15:59:00Z'))).toBe('2026-11-30');
  });

  it('reads the date in the time zone the roster names', () => {
    expect(communityDate(new Date('2026-11-25T23:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-26');
    expect(communityDate(new Date('2026-11-25T23:30:00Z'), 'UTC')).toBe('2026-11-25');
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-25', 13)).toBe('2027-01-07');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts day N from 1 on the start date', () => {
    expect(dayOfPeriod('2026-11-20', '2026-11-20')).toBe(1);
    expect(dayOfPeriod('2026-11-20', '2026-12-03')).toBe(14);
    expect(dayOfPeriod('2026-11-20', '2026-11-19')).toBeNull();
  });
});
