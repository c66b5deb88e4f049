import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CopiedEntry, EntryRecord, Reading, RecordResult, RosterSnapshot } from '../protocol/index.ts';

export type SyncState = 'unsent' | 'sent' | 'rejected';

/** 0 goes first: fever entries are synced ahead of the queue. */
export type SyncPriority = 0 | 1;

export function syncPriority(record: EntryRecord): SyncPriority {
  return record.flags.includes('fever') ? 0 : 1;
}

export interface JournalEntry {
  record: EntryRecord;
  state: SyncState;
  priority: SyncPriority;
  savedAt: string;
  sentAt: string | null;
  /** Why the server refused it; kept and shown, never silently dropped. */
  reason: string | null;
}

/** Small kiosk state that must survive a reload: the shift, the baseline window, the lane direction. */
export interface KioskSettings {
  'baseline-window': Reading[];
  shift: { guardId: string | null; guardName: string; shiftId: string; startedAt: string } | null;
  'roster-etag': string | null;
}

interface KioskDb extends DBSchema {
  entries: {
    key: string;
    value: JournalEntry;
    indexes: { state: SyncState; outbox: [SyncState, SyncPriority, string]; occurredAt: string };
  };
  roster: { key: 'current'; value: RosterSnapshot };
  settings: { key: keyof KioskSettings; value: unknown };
}

const DB_NAME = 'checkpoint-kiosk';
const REOPEN_RETRY_MS = 500;

/**
 * The kiosk's durable journal. Every write uses strict durability so "logged" on screen means
 * the record is on disk, not in a browser buffer. When the browser closes the database under it
 * (its store failed, or site data was cleared), the journal opens it again at once and
 * `onReopened` runs, so the kiosk can put back what went with the old store.
 */
export class Journal {
  readonly #name: string;
  readonly #onReopened: () => void;
  #db: Promise<IDBPDatabase<KioskDb>>;

  private constructor(name: string, onReopened: () => void) {
    this.#name = name;
    this.#onReopened = onReopened;
    this.#db = this.#connect();
  }

  static async open(name = DB_NAME, onReopened: () => void = () => undefined): Promise<Journal> {
    const journal = new Journal(name, onReopened);
    await journal.#db;
    return journal;
  }

  #connect(): Promise<IDBPDatabase<KioskDb>> {
    const opened = openDB<KioskDb>(this.#name, 2, {
      terminated: () => {
        // Only the connection that is current is replaced; a later one may already be open.
        if (this.#db === opened) this.#reopen();
      },
      async upgrade(database, oldVersion, _newVersion, transaction) {
        // Versions only ever add: an upgrade must never drop a store holding unsent records.
        if (oldVersion < 1) {
          const entries = database.createObjectStore('entries', { keyPath: 'record.id' });
          entries.createIndex('state', 'state');
          database.createObjectStore('roster');
        }
        if (oldVersion < 2) {
          const entries = transaction.objectStore('entries');
          for (let cursor = await entries.openCursor(); cursor; cursor = await cursor.continue()) {
            if (cursor.value.priority === undefined) {
              await cursor.update({ ...cursor.value, priority: syncPriority(cursor.value.record) });
            }
          }
          entries.createIndex('outbox', ['state', 'priority', 'record.id']);
          entries.createIndex('occurredAt', 'record.occurredAt');
          database.createObjectStore('settings');
        }
      },
    });
    return opened;
  }

  /** A reopening can fail while the browser is still deleting the old store: it is tried again shortly, and at the next call. */
  #reopen(): void {
    const reopening = this.#connect();
    this.#db = reopening;
    reopening.then(
      () => this.#onReopened(),
      () =>
        setTimeout(() => {
          if (this.#db === reopening) this.#reopen();
        }, REOPEN_RETRY_MS),
    );
  }

  /** The open database; one that failed to open is opened again now rather than given up on. */
  async #database(): Promise<IDBPDatabase<KioskDb>> {
    try {
      return await this.#db;
    } catch {
      this.#reopen();
      return this.#db;
    }
  }

  async append(record: EntryRecord): Promise<void> {
    const priority = syncPriority(record);
    const tx = (await this.#database()).transaction('entries', 'readwrite', { durability: 'strict' });
    await Promise.all([
      tx.store.add({ record, state: 'unsent', priority, savedAt: new Date().toISOString(), sentAt: null, reason: null }),
      tx.done,
    ]);
  }

  /** Fever entries first, then the rest oldest first (UUIDv7 keys sort by creation time). */
  async unsent(limit: number): Promise<JournalEntry[]> {
    const range = IDBKeyRange.bound(['unsent', 0, ''], ['unsent', 1, '\uffff']);
    return (await this.#database()).getAllFromIndex('entries', 'outbox', range, limit);
  }

  async applyResults(results: readonly RecordResult[], at: Date): Promise<void> {
    const tx = (await this.#database()).transaction('entries', 'readwrite', { durability: 'strict' });
    // Requests queued at once, not awaited one by one: a 500-entry catch-up batch is one pass.
    await Promise.all(
      results.map(async (result) => {
        if (result.id === null) return;
        const entry = await tx.store.get(result.id);
        if (!entry || entry.state !== 'unsent') return;
        if (result.status === 'rejected') await tx.store.put({ ...entry, state: 'rejected', reason: result.reason });
        else await tx.store.put({ ...entry, state: 'sent', sentAt: at.toISOString() });
      }),
    );
    await tx.done;
  }

  /** Every entry id the journal holds. */
  async ids(): Promise<Set<string>> {
    return new Set(await (await this.#database()).getAllKeys('entries'));
  }

  /**
   * Puts back entries the journal lacks, as the gate copy last knew them: answered by the server
   * means sent (or rejected, with its reason); unanswered means unsent, so the outbox sends it and
   * the server's duplicate check makes a second arrival harmless. Answers how many were added.
   */
  async restore(entries: readonly CopiedEntry[], at: Date): Promise<number> {
    const tx = (await this.#database()).transaction('entries', 'readwrite', { durability: 'strict' });
    const added = await Promise.all(
      entries.map(async ({ record, outcome, reason, answeredAt }) => {
        if ((await tx.store.getKey(record.id)) !== undefined) return 0;
        const state: SyncState = outcome === 'stored' ? 'sent' : outcome === 'rejected' ? 'rejected' : 'unsent';
        await tx.store.add({
          record,
          state,
          priority: syncPriority(record),
          savedAt: at.toISOString(),
          sentAt: state === 'sent' ? answeredAt : null,
          reason: state === 'rejected' ? reason : null,
        });
        return 1;
      }),
    );
    await tx.done;
    return added.reduce<number>((sum, n) => sum + n, 0);
  }

  async count(state: SyncState): Promise<number> {
    return (await this.#database()).countFromIndex('entries', 'state', state);
  }

  async rejected(limit: number): Promise<JournalEntry[]> {
    return (await this.#database()).getAllFromIndex('entries', 'state', 'rejected', limit);
  }

  /** Entries recorded since an instant (today's log, the shift's hand-over), oldest first. */
  async since(isoInstant: string): Promise<JournalEntry[]> {
    return (await this.#database()).getAllFromIndex('entries', 'occurredAt', IDBKeyRange.lowerBound(isoInstant));
  }

  async saveRoster(snapshot: RosterSnapshot): Promise<void> {
    await (await this.#database()).put('roster', snapshot, 'current');
  }

  async roster(): Promise<RosterSnapshot | undefined> {
    return (await this.#database()).get('roster', 'current');
  }

  async setting<K extends keyof KioskSettings>(key: K): Promise<KioskSettings[K] | undefined> {
    return (await (await this.#database()).get('settings', key)) as KioskSettings[K] | undefined;
  }

  async saveSetting<K extends keyof KioskSettings>(key: K, value: KioskSettings[K]): Promise<void> {
    const tx = (await this.#database()).transaction('settings', 'readwrite', { durability: 'strict' });
    await Promise.all([tx.store.put(value, key), tx.done]);
  }

  close(): void {
    void this.#db.then(
      (db) => db.close(),
      () => undefined,
    );
  }
}
