import type { Kysely } from 'kysely';
import { EntryRecord } from '../../protocol/entry.ts';
import type { FeverAlert } from '../../protocol/accounts.ts';
import type { RecordResult } from '../../protocol/sync.ts';
import type { Database } from '../db/schema.ts';
import { entryViewsSelect, toEntryView } from './entry-views.ts';

export type FeverListener = (alert: FeverAlert) => void;

/**
 * Carries the ids of newly stored fever entries to every server process on the database (each
 * then shows them to its own consoles); without one, a process shows only the fevers it ingested.
 */
export interface FeverRelay {
  announce: (entryIds: readonly string[]) => Promise<void>;
}

/** Fan-out of live fever alerts to the open consoles of this server process. */
export class LiveEvents {
  readonly #listeners = new Set<FeverListener>();
  readonly relay: FeverRelay | null;

  constructor(relay: FeverRelay | null = null) {
    this.relay = relay;
  }

  subscribe(listener: FeverListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  publish(alert: FeverAlert): void {
    for (const listener of this.#listeners) listener(alert);
  }
}

/** Shows the stored fever entries with these ids to this process's open consoles, oldest first. */
export async function publishFeverEntries(db: Kysely<Database>, live: LiveEvents, entryIds: readonly string[]): Promise<void> {
  if (live.listenerCount === 0 || entryIds.length === 0) return;
  const rows = await entryViewsSelect(db).where('entries.id', 'in', entryIds).orderBy('entries.id').execute();
  for (const row of rows) live.publish({ entry: toEntryView(row) });
}

/** Publishes each record of an ingested batch that was newly stored (not a duplicate) with the `fever` flag. */
export async function publishFevers(
  db: Kysely<Database>,
  live: LiveEvents,
  entries: readonly unknown[],
  results: readonly RecordResult[],
): Promise<void> {
  // Through a relay the consoles may sit on another process, so this one's listeners say nothing.
  if (!live.relay && live.listenerCount === 0) return;
  const feverIds = results
    .filter((result) => result.status === 'stored')
    .map((result) => EntryRecord.safeParse(entries[result.index]))
    .flatMap((parsed) => (parsed.success && parsed.data.flags.includes('fever') ? [parsed.data.id] : []));
  if (feverIds.length === 0) return;
  if (live.relay) await live.relay.announce(feverIds);
  else await publishFeverEntries(db, live, feverIds);
}
