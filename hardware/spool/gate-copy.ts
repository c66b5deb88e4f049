import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CopiedEntry, EntryRecord, RecordResult } from '../../protocol/index.ts';

const FILE = 'journal-copy.sqlite';
/** Answered entries are kept this long after the answer, then dropped: the server has them. */
export const ANSWERED_KEEP_DAYS = 14;

interface Row {
  record: string;
  outcome: 'stored' | 'rejected' | null;
  reason: string | null;
  answered_at: string | null;
}

/**
 * The gate's own copy of every entry the kiosk logs, in a SQLite file next to the gate's other
 * state. Each write is synced to disk before it answers (synchronous = FULL), so a kiosk told
 * "kept" can lose its whole browser profile and still get the entry back. Nothing unanswered is
 * ever dropped; answered entries go after ANSWERED_KEEP_DAYS, so the copy holds personal data no
 * longer than it is useful.
 */
export class GateCopy {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #insert: Database.Statement<[string, string, string, string]>;
  readonly #answer: Database.Statement<[string, string | null, string, string]>;
  readonly #select: Database.Statement<[string], Row>;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.path = join(dataDir, FILE);
    this.#db = new Database(this.path);
    // The copy holds names and masked ID numbers: readable by the gate's user only.
    chmodSync(this.path, 0o600);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS entries (
        id TEXT PRIMARY KEY,
        record TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        kept_at TEXT NOT NULL,
        outcome TEXT CHECK (outcome IN ('stored', 'rejected')),
        reason TEXT,
        answered_at TEXT
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS entries_answered ON entries (answered_at) WHERE answered_at IS NOT NULL;
    `);
    this.#insert = this.#db.prepare(
      'INSERT INTO entries (id, record, occurred_at, kept_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    );
    // A later answer never turns a stored entry back into a rejected one (a retry may meet a stricter rule).
    this.#answer = this.#db.prepare(
      `UPDATE entries SET outcome = ?, reason = ?, answered_at = ? WHERE id = ? AND (outcome IS NULL OR outcome = 'rejected')`,
    );
    this.#select = this.#db.prepare('SELECT record, outcome, reason, answered_at FROM entries WHERE id = ?');
  }

  /** Keeps the entries not already held, in one transaction; answers how many were new. */
  keep(records: readonly EntryRecord[], at: Date): number {
    const keptAt = at.toISOString();
    return this.#db.transaction(() => {
      let kept = 0;
      for (const record of records)
        kept += this.#insert.run(record.id, JSON.stringify(record), record.occurredAt, keptAt).changes;
      return kept;
    })();
  }

  /** Notes the server's answers to a batch the gate relayed; entries it does not hold are ignored. */
  answered(results: readonly RecordResult[], at: Date): void {
    const answeredAt = at.toISOString();
    this.#db.transaction(() => {
      for (const result of results) {
        if (result.id === null) continue;
        if (result.status === 'rejected') this.#answer.run('rejected', result.reason, answeredAt, result.id);
        else this.#answer.run('stored', null, answeredAt, result.id);
      }
    })();
  }

  ids(): string[] {
    return this.#db.prepare<[], string>('SELECT id FROM entries ORDER BY id').pluck().all();
  }

  lookup(ids: readonly string[]): CopiedEntry[] {
    const found: CopiedEntry[] = [];
    for (const id of ids) {
      const row = this.#select.get(id);
      if (row)
        found.push({
          record: JSON.parse(row.record) as EntryRecord,
          outcome: row.outcome,
          reason: row.reason,
          answeredAt: row.answered_at,
        });
    }
    return found;
  }

  counts(): { held: number; unanswered: number } {
    return this.#db
      .prepare<[], { held: number; unanswered: number }>(
        'SELECT count(*) AS held, count(*) - count(outcome) AS unanswered FROM entries',
      )
      .get()!;
  }

  /** Drops entries the server answered more than ANSWERED_KEEP_DAYS before `now`; answers how many. */
  prune(now: Date): number {
    const cutoff = new Date(now.getTime() - ANSWERED_KEEP_DAYS * 86_400_000).toISOString();
    return this.#db.prepare('DELETE FROM entries WHERE answered_at IS NOT NULL AND answered_at < ?').run(cutoff).changes;
  }

  close(): void {
    this.#db.close();
  }
}
