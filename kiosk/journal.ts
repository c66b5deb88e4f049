import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import {
  syncPriority,
  type EntryRecord,
  type HandOverResult,
  type Reading,
  type RosterSnapshot,
  type SyncPriority,
} from '../protocol/index.ts';

/**
 * An entry as the kiosk shows it: `unsent` (held on this screen, or at the gate waiting for the
 * server), `sent` (the server has it), `rejected` (refused, with the reason).
 */
export type SyncState = 'unsent' | 'sent' | 'rejected';

export interface JournalEntry {
  record: EntryRecord;
  state: SyncState;
  priority: SyncPriority;
  savedAt: string;
  sentAt: string | null;
  /** Why it was refused; kept and shown, never silently dropped. */
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
 * The kiosk's holding store: an entry lives here only while the gate cannot be reached (state
 * `unsent`), or when the gate refused it (`rejected`, with the reason, shown and kept); once the
 * gate has it, it is deleted. Every write uses strict durability, so an entry held is on disk, not
 * in a browser buffer. When the browser closes the database under it (its store failed, or site
 * data was cleared), the journal opens it again at once and `onReopened` runs, so the kiosk can put
 * back its roster, shift and baseline.
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
    const opened = openDB<KioskDb>(this.#name, 3, {
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
        if (oldVersion >= 1 && oldVersion < 3) {
          // The gate spools and forwards now: what the server has answered leaves the browser, and what
          // it refused goes to the gate, which sends it, notes the refusal and keeps it with the reason.
          const entries = transaction.objectStore('entries');
          for (let cursor = await entries.openCursor(); cursor; cursor = await cursor.continue()) {
            if (cursor.value.state === 'sent') await cursor.delete();
            else if (cursor.value.state === 'rejected') await cursor.update({ ...cursor.value, state: 'unsent', reason: null });
          }
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

  /**
   * Applies the gate's answer to a hand-over: an entry the gate has (kept now, or already) is
   * deleted from the browser; one it refused stays, `rejected` with the reason.
   */
  async handedOver(results: readonly HandOverResult[]): Promise<void> {
    const tx = (await this.#database()).transaction('entries', 'readwrite', { durability: 'strict' });
    // Requests queued at once, not awaited one by one: a 500-entry hand-over is one pass.
    await Promise.all(
      results.map(async (result) => {
        if (result.id === null) return;
        if (result.status !== 'refused') return tx.store.delete(result.id);
        const entry = await tx.store.get(result.id);
        if (entry?.state === 'unsent') await tx.store.put({ ...entry, state: 'rejected', reason: result.reason });
      }),
    );
    await tx.done;
  }

  async count(state: SyncState): Promise<number> {
    return (await this.#database()).countFromIndex('entries', 'state', state);
  }

  /** Entries held here that were recorded since an instant (today's log, the shift's hand-over), oldest first. */
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
