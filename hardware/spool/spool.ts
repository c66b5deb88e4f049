import { chmodSync, closeSync, existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  EntryRecord,
  syncPriority,
  type HandOverResult,
  type RecordResult,
  type SpoolEntry,
  type SpoolState,
} from '../../protocol/index.ts';

const FILE = 'spool.sqlite';
/** The copy an earlier gate kept beside the kiosk's own outbox; taken in once, then removed. */
const LEGACY_FILE = 'journal-copy.sqlite';
export const DEFAULT_RETENTION_DAYS = 14;
const SIDE_FILES = ['', '-wal', '-shm'];

/** An unsent entry as the forwarder sends it: the record's JSON exactly as the kiosk handed it over. */
export interface PendingEntry {
  id: string;
  json: string;
}

interface Row {
  record: string;
  outcome: 'stored' | 'duplicate' | 'rejected' | null;
  reason: string | null;
  answered_at: string | null;
}

function describeIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || 'record'}: ${issue.message}`)
    .join('; ');
}

function claimedId(entry: unknown): string | null {
  if (typeof entry !== 'object' || entry === null) return null;
  const id = (entry as { id?: unknown }).id;
  return typeof id === 'string' && id.length <= 64 ? id : null;
}

/**
 * The gate's outbox: every entry the kiosk hands over, in a SQLite file in the gate's data folder.
 * Each write is on the disk before it returns (synchronous = FULL), so the kiosk is told "logged"
 * only for what a power cut cannot take. Unsent entries are never dropped; answered ones are kept
 * `retentionDays` after the answer (a restored server can be refilled from them), then deleted.
 */
export class Spool {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #retentionDays: number;
  readonly #insert: Database.Statement<[string, string, number, number, string]>;
  readonly #answer: Database.Statement<[string, string | null, string, string]>;
  readonly #unsent: Database.Statement<[number], PendingEntry>;
  readonly #since: Database.Statement<[number], Row>;
  readonly #counts: Database.Statement<[], { unsent: number; rejected: number }>;

  constructor(dataDir: string, options: { retentionDays?: number } = {}) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.path = join(dataDir, FILE);
    this.#retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
    // Names, masked ID numbers and health answers: readable by the gate's user only. The file is
    // made 0600 before SQLite opens it, and SQLite gives its WAL and shared-memory files the
    // main file's mode.
    closeSync(openSync(this.path, 'a', 0o600));
    for (const suffix of SIDE_FILES) if (existsSync(this.path + suffix)) chmodSync(this.path + suffix, 0o600);
    this.#db = new Database(this.path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS entries (
        id TEXT PRIMARY KEY,
        record TEXT NOT NULL,
        priority INTEGER NOT NULL,
        occurred_ms INTEGER NOT NULL,
        kept_at TEXT NOT NULL,
        outcome TEXT CHECK (outcome IN ('stored', 'duplicate', 'rejected')),
        reason TEXT,
        answered_at TEXT
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS entries_unsent ON entries (priority, id) WHERE outcome IS NULL;
      CREATE INDEX IF NOT EXISTS entries_answered ON entries (answered_at) WHERE answered_at IS NOT NULL;
      CREATE INDEX IF NOT EXISTS entries_rejected ON entries (id) WHERE outcome = 'rejected';
      CREATE INDEX IF NOT EXISTS entries_occurred ON entries (occurred_ms);
    `);
    this.#insert = this.#db.prepare(
      `INSERT INTO entries (id, record, priority, occurred_ms, kept_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    );
    // Only the first answer counts: an entry is sent once it is answered, and never again.
    this.#answer = this.#db.prepare(
      `UPDATE entries SET outcome = ?, reason = ?, answered_at = ? WHERE id = ? AND outcome IS NULL`,
    );
    this.#unsent = this.#db.prepare('SELECT id, record AS json FROM entries WHERE outcome IS NULL ORDER BY priority, id LIMIT ?');
    this.#since = this.#db.prepare(
      'SELECT record, outcome, reason, answered_at FROM entries WHERE occurred_ms >= ? ORDER BY occurred_ms, id',
    );
    this.#counts = this.#db.prepare(
      // Each count walks its own partial index, not the days of answered entries kept beside them.
      `SELECT (SELECT count(*) FROM entries WHERE outcome IS NULL) AS unsent,
              (SELECT count(*) FROM entries WHERE outcome = 'rejected') AS rejected`,
    );
    this.#takeInLegacyCopy(dataDir);
  }

  /**
   * Keeps every entry it can read, in one transaction synced to disk before it returns; answers
   * for each: kept, already held, or refused with the reason (not an entry record).
   */
  keep(entries: readonly unknown[], at: Date): HandOverResult[] {
    const keptAt = at.toISOString();
    return this.#db.transaction(() =>
      entries.map((entry, index): HandOverResult => {
        const parsed = EntryRecord.safeParse(entry);
        if (!parsed.success) return { index, id: claimedId(entry), status: 'refused', reason: describeIssues(parsed.error) };
        const record = parsed.data;
        const added = this.#insert.run(
          record.id,
          JSON.stringify(record),
          syncPriority(record),
          Date.parse(record.occurredAt),
          keptAt,
        ).changes;
        return { index, id: record.id, status: added ? 'kept' : 'already' };
      }),
    )();
  }

  /** When the oldest entry not yet answered occurred; null when every entry is answered. */
  oldestUnsentAt(): string | null {
    const row = this.#db
      .prepare<[], { ms: number | null }>('SELECT min(occurred_ms) AS ms FROM entries WHERE outcome IS NULL')
      .get();
    return row?.ms == null ? null : new Date(row.ms).toISOString();
  }

  /**
   * Makes entries the server stored (or already had) at or after `since` unsent again: the server
   * was restored from a backup taken then and may have lost them. Its duplicate check keeps each
   * once. Answers how many will be offered again.
   */
  reoffer(since: Date): number {
    return this.#db
      .prepare(
        `UPDATE entries SET outcome = NULL, reason = NULL, answered_at = NULL
          WHERE outcome IN ('stored', 'duplicate') AND answered_at >= ?`,
      )
      .run(since.toISOString()).changes;
  }

  /** Fever entries first, then the rest oldest first (UUIDv7 ids sort by creation time). */
  unsent(limit: number): PendingEntry[] {
    return this.#unsent.all(limit);
  }

  /** Notes the server's per-record answers in one transaction; answers for entries not held are ignored. */
  answered(results: readonly RecordResult[], at: Date): void {
    const answeredAt = at.toISOString();
    this.#db.transaction(() => {
      for (const result of results) {
        if (result.id === null) continue;
        this.#answer.run(result.status, result.status === 'rejected' ? result.reason : null, answeredAt, result.id);
      }
    })();
  }

  counts(): { unsent: number; rejected: number } {
    return this.#counts.get()!;
  }

  /** Entries that occurred at or after an instant (today's log, a shift's hand-over), oldest first. */
  since(instant: Date): SpoolEntry[] {
    return this.#since.all(instant.getTime()).map((row) => ({
      record: JSON.parse(row.record) as EntryRecord,
      state: stateOf(row.outcome),
      reason: row.reason,
      answeredAt: row.answered_at,
    }));
  }

  /** Deletes entries answered more than the retention period before `now`; answers how many. */
  prune(now: Date): number {
    const cutoff = new Date(now.getTime() - this.#retentionDays * 86_400_000).toISOString();
    return this.#db.prepare('DELETE FROM entries WHERE answered_at IS NOT NULL AND answered_at < ?').run(cutoff).changes;
  }

  close(): void {
    this.#db.close();
  }

  #takeInLegacyCopy(dataDir: string): void {
    const legacy = join(dataDir, LEGACY_FILE);
    if (!existsSync(legacy)) return;
    const old = new Database(legacy, { readonly: true });
    const rows = old
      .prepare<[], { record: string; outcome: 'stored' | 'rejected' | null; reason: string | null; answered_at: string | null }>(
        'SELECT record, outcome, reason, answered_at FROM entries',
      )
      .all();
    old.close();
    const now = new Date();
    this.#db.transaction(() => {
      for (const row of rows) {
        const [result] = this.keep([JSON.parse(row.record)], now);
        if (result?.status !== 'kept' || row.outcome === null || row.answered_at === null) continue;
        this.#answer.run(row.outcome, row.reason, row.answered_at, result.id);
      }
    })();
    for (const suffix of SIDE_FILES) rmSync(legacy + suffix, { force: true });
  }
}

function stateOf(outcome: Row['outcome']): SpoolState {
  return outcome === null ? 'unsent' : outcome === 'rejected' ? 'rejected' : 'sent';
}
