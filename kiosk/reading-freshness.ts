/**
 * A reading belongs to the person in front of the thermometer now. Older readings, or ones taken
 * well before the current scan, were someone else's and must never be attached to this entry.
 */
export const READING_MAX_AGE_MS = 15_000;
export const READING_BEFORE_SCAN_MS = 5_000;

export type Freshness = 'fresh' | 'stale' | 'previous-person';

export function readingFreshness(receivedAt: number, scannedAt: number | null, now: number): Freshness {
  if (scannedAt !== null && receivedAt < scannedAt - READING_BEFORE_SCAN_MS) return 'previous-person';
  if (now - receivedAt > READING_MAX_AGE_MS) return 'stale';
  return 'fresh';
}
