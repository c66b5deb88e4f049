import { describe, expect, it } from 'vitest';
import { READING_BEFORE_SCAN_MS, READING_MAX_AGE_MS, readingFreshness } from './reading-freshness.ts';

describe('readingFreshness', () => {
  const now = 1_000_000;

  it('keeps a reading taken just after the scan', () => {
    expect(readingFreshness(now - 1_000, now - 2_000, now)).toBe('fresh');
  });

  it('keeps a reading taken a moment before the scan (forehead first, then card)', () => {
    expect(readingFreshness(now - READING_BEFORE_SCAN_MS + 1, now, now)).toBe('fresh');
  });

  it('refuses a reading taken well before the current scan', () => {
    expect(readingFreshness(now - READING_BEFORE_SCAN_MS - 1, now, now)).toBe('previous-person');
  });

  it('calls a reading stale once it is older than the limit', () => {
    expect(readingFreshness(now - READING_MAX_AGE_MS - 1, null, now)).toBe('stale');
    expect(readingFreshness(now - READING_MAX_AGE_MS, null, now)).toBe('fresh');
  });
});
