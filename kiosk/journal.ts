import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { EntryRecord, RecordResult, RosterSnapshot } from '../protocol/index.ts';

export type SyncState = 'unsent' | 'sent' | 'rejected';

export interface JournalEntry {
  record: EntryRecord;
  state: SyncState;
  savedAt: string;
  sentAt: string | null;
  /** Why the server refused it; kept and shown, never silently dropped. */
  reason: string | null;
}

interface KioskDb extends DBSchema {
  entries: { key: string; value: JournalEntry; indexes: { state: SyncState } };
  roster: { key: 'current'; value: RosterSnapshot };
}

const DB_NAME = 'checkpoint-kiosk';

/**
 * The kiosk's durable journal. Every write uses strict durability so "logged" on screen means
 * the record is on disk, not in a browser buffer.
 */
export class Journal {
  readonly #db: IDBPDatabase<KioskDb>;

  private constructor(db: IDBPDatabase<KioskDb>) {
    this.#db = db;
  }

  static async open(name = DB_NAME): Promise<Journal> {
    const db = await openDB<KioskDb>(name, 1, {
      upgrade(database, oldVersion) {
        // Versions only ever add stores: an upgrade must never drop one holding unsent records.
        if (oldVersion < 1) {
          const entries = database.createObjectStore('entries', { keyPath: 'record.id' });
          entries.createIndex('state', 'state');
          database.createObjectStore('roster');
        }
      },
    });
    return new Journal(db);
  }

  async append(record: EntryRecord): Promise<void> {
    const tx = this.#db.transaction('entries', 'readwrite', { durability: 'strict' });
    await Promise.all([
      tx.store.add({ record, state: 'unsent', savedAt: new Date().toISOString(), sentAt: null, reason: null }),
      tx.done,
    ]);
  }

  /** Oldest first: UUIDv7 keys sort by creation time. */
  async unsent(limit: number): Promise<JournalEntry[]> {
    return this.#db.getAllFromIndex('entries', 'state', 'unsent', limit);
  }

  async applyResults(results: readonly RecordResult[], at: Date): Promise<void> {
    const tx = this.#db.transaction('entries', 'readwrite', { durability: 'strict' });
    for (const result of results) {
      if (result.id === null) continue;
      const entry = await tx.store.get(result.id);
      if (!entry || entry.state !== 'unsent') continue;
      if (result.status === 'rejected') {
        await tx.store.put({ ...entry, state: 'rejected', reason: result.reason });
      } else {
        await tx.store.put({ ...entry, state: 'sent', sentAt: at.toISOString() });
      }
    }
    await tx.done;
  }

  async count(state: SyncState): Promise<number> {
    return this.#db.countFromIndex('entries', 'state', state);
  }

  async rejected(limit: number): Promise<JournalEntry[]> {
    return this.#db.getAllFromIndex('entries', 'state', 'rejected', limit);
  }

  async saveRoster(snapshot: RosterSnapshot): Promise<void> {
    await this.#db.put('roster', snapshot, 'current');
  }

  async roster(): Promise<RosterSnapshot | undefined> {
    return this.#db.get('roster', 'current');
  }

  close(): void {
    this.#db.close();
  }
}
