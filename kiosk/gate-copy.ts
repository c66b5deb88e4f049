import { ApiError, GateCopyEntries, GateCopyIds, MAX_BATCH, type EntryRecord } from '../protocol/index.ts';
import type { Journal } from './journal.ts';

/*
 * The kiosk's half of the gate copy (hardware/spool/gate-copy.ts). The browser's IndexedDB can come back
 * from a crash short or empty; the gate's copy cannot, so an entry logged here also goes to the
 * gate, and at start-up the kiosk takes back whatever its journal is missing.
 */

type Fetch = typeof fetch;

/**
 * The kiosk's "logged": the entry is on disk in the journal, and the gate has its copy or could not
 * be reached (then the outbox's batch is copied on its way through the gate). Rejects only when the
 * journal write fails, which the guard must be told.
 */
export async function logEntry(journal: Pick<Journal, 'append'>, record: EntryRecord, fetcher: Fetch = fetch): Promise<void> {
  const keep = fetcher('journal-copy', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ entries: [record] }),
  }).catch(() => undefined);
  await Promise.all([journal.append(record), keep]);
}

/**
 * Takes back from the gate every entry the journal lacks, a batch at a time, reporting progress
 * (taken back so far, of how many missing); answers how many. Throws when the gate cannot answer.
 */
export async function restoreFromGate(
  journal: Pick<Journal, 'ids' | 'restore'>,
  onProgress: (restored: number, missing: number) => void = () => undefined,
  fetcher: Fetch = fetch,
): Promise<number> {
  const held = GateCopyIds.parse(await answer(await fetcher('journal-copy/ids')));
  const have = await journal.ids();
  const missing = held.ids.filter((id) => !have.has(id));
  let restored = 0;
  if (missing.length > 0) onProgress(restored, missing.length);
  for (let start = 0; start < missing.length; start += MAX_BATCH) {
    const ids = missing.slice(start, start + MAX_BATCH);
    const response = await fetcher('journal-copy/lookup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids }),
    });
    restored += await journal.restore(GateCopyEntries.parse(await answer(response)).entries, new Date());
    onProgress(restored, missing.length);
  }
  return restored;
}

async function answer(response: Response): Promise<unknown> {
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body;
  const error = ApiError.safeParse(body);
  throw new Error(error.success ? error.data.message : `gate copy: HTTP ${response.status}`);
}
