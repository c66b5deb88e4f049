import { createHash, randomBytes, randomInt } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import type { PairedScreen } from '../../protocol/pairing.ts';

const FILE = 'screens.sqlite';
const SIDE_FILES = ['', '-wal', '-shm'];
/** A code read off the gate's console and typed on the screen within this long. */
export const CODE_TTL_MS = 10 * 60_000;
/** Wrong codes tried, counted over every screen, before every open code is void. */
export const MAX_WRONG_CODES = 10;
export const CODE_DIGITS = 6;

export type PairOutcome =
  { ok: true; screen: PairedScreen; token: string } | { ok: false; reason: 'wrong-code' | 'too-many-tries' };

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The screens this gate answers (issue 15): the gate hands out short one-time codes (its CLI prints
 * them), a screen that types one gets a credential of its own, and only its hash is kept here. The
 * file is shared by the gate service and its CLI, so pairing, unpairing and listing need no route.
 */
export class ScreenPairing {
  readonly path: string;
  readonly #db: Database.Database;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.path = join(dataDir, FILE);
    // Credentials' hashes: readable by the gate's user only, with SQLite's side files.
    closeSync(openSync(this.path, 'a', 0o600));
    for (const suffix of SIDE_FILES) if (existsSync(this.path + suffix)) chmodSync(this.path + suffix, 0o600);
    this.#db = new Database(this.path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS codes (code_hash TEXT PRIMARY KEY, expires_ms INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS wrong_codes (at_ms INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS screens (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        paired_at TEXT NOT NULL,
        last_seen_at TEXT
      );
    `);
    for (const suffix of SIDE_FILES) if (existsSync(this.path + suffix)) chmodSync(this.path + suffix, 0o600);
  }

  /** A fresh one-time code; the earlier wrong tries are forgotten, since the operator is at the gate. */
  issueCode(now: Date, ttlMs = CODE_TTL_MS): string {
    const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM codes WHERE expires_ms <= ?').run(now.getTime());
      this.#db.prepare('DELETE FROM wrong_codes').run();
      this.#db
        .prepare('INSERT OR REPLACE INTO codes (code_hash, expires_ms) VALUES (?, ?)')
        .run(sha256(code), now.getTime() + ttlMs);
    })();
    return code;
  }

  /**
   * Exchanges a code for a credential, once. Wrong codes are counted across all screens: after
   * MAX_WRONG_CODES every open code is void and the operator must issue a new one, so a guesser
   * gets at most that many tries at a million codes.
   */
  pair(code: string, name: string, now: Date): PairOutcome {
    return this.#db.transaction((): PairOutcome => {
      const wrong = this.#db.prepare<[], { n: number }>('SELECT count(*) AS n FROM wrong_codes').get()!.n;
      if (wrong >= MAX_WRONG_CODES) return { ok: false, reason: 'too-many-tries' };
      const used = this.#db
        .prepare('DELETE FROM codes WHERE code_hash = ? AND expires_ms > ?')
        .run(sha256(code.trim()), now.getTime()).changes;
      if (used === 0) {
        this.#db.prepare('INSERT INTO wrong_codes (at_ms) VALUES (?)').run(now.getTime());
        if (wrong + 1 >= MAX_WRONG_CODES) this.#db.prepare('DELETE FROM codes').run();
        return { ok: false, reason: 'wrong-code' };
      }
      const token = randomBytes(32).toString('base64url');
      const screen: PairedScreen = {
        id: uuidv7(),
        name: name.trim().slice(0, 64) || 'screen',
        pairedAt: now.toISOString(),
        lastSeenAt: null,
      };
      this.#db
        .prepare('INSERT INTO screens (id, name, token_hash, paired_at) VALUES (?, ?, ?, ?)')
        .run(screen.id, screen.name, sha256(token), screen.pairedAt);
      return { ok: true, screen, token };
    })();
  }

  /** The paired screen holding this credential, or null. */
  screenFor(token: string | undefined): PairedScreen | null {
    if (!token || token.length > 200) return null;
    const row = this.#db
      .prepare<[string], { id: string; name: string; paired_at: string; last_seen_at: string | null }>(
        'SELECT id, name, paired_at, last_seen_at FROM screens WHERE token_hash = ?',
      )
      .get(sha256(token));
    return row ? { id: row.id, name: row.name, pairedAt: row.paired_at, lastSeenAt: row.last_seen_at } : null;
  }

  isPaired(screenId: string): boolean {
    return this.#db.prepare('SELECT 1 FROM screens WHERE id = ?').get(screenId) !== undefined;
  }

  seen(screenId: string, now: Date): void {
    this.#db.prepare('UPDATE screens SET last_seen_at = ? WHERE id = ?').run(now.toISOString(), screenId);
  }

  list(): PairedScreen[] {
    return this.#db
      .prepare<[], { id: string; name: string; paired_at: string; last_seen_at: string | null }>(
        'SELECT id, name, paired_at, last_seen_at FROM screens ORDER BY paired_at',
      )
      .all()
      .map((row) => ({ id: row.id, name: row.name, pairedAt: row.paired_at, lastSeenAt: row.last_seen_at }));
  }

  /** Unpairs the screens whose id starts with, or whose name is, `which`; answers how many. */
  unpair(which: string): number {
    if (!which) return 0;
    return this.#db.prepare("DELETE FROM screens WHERE name = ? OR id LIKE ? || '%'").run(which, which.replace(/[%_]/g, ''))
      .changes;
  }

  close(): void {
    this.#db.close();
  }
}
