import type { EntryView } from '../../../protocol/review.ts';

/**
 * Folds a fresh first page into the rows on screen, newest first by id (UUIDv7 sorts by time).
 * When the fresh page is full and does not reach the rows on screen, entries may be missing in
 * between, so the fresh page replaces the list rather than leaving a silent gap.
 */
export function mergeNewestPage(shown: readonly EntryView[], fresh: readonly EntryView[], pageSize: number): EntryView[] {
  const newestShown = shown[0]?.id;
  const oldestFresh = fresh.at(-1)?.id;
  if (fresh.length >= pageSize && newestShown !== undefined && oldestFresh !== undefined && oldestFresh > newestShown) {
    return [...fresh];
  }
  const byId = new Map<string, EntryView>();
  for (const entry of shown) byId.set(entry.id, entry);
  for (const entry of fresh) byId.set(entry.id, entry);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** Appends an older page below the rows on screen, skipping any already shown. */
export function appendOlderPage(shown: readonly EntryView[], older: readonly EntryView[]): EntryView[] {
  const seen = new Set(shown.map((entry) => entry.id));
  return [...shown, ...older.filter((entry) => !seen.has(entry.id))];
}
