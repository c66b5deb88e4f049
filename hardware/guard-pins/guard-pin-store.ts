import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GuardPinRecord, type GuardPinList, type PinCheckAnswer } from '../../protocol/guard-pin.ts';
import { pinMatches } from './pin-hash.ts';
import {
  admission,
  countFailure,
  DEFAULT_PIN_LOCKOUT,
  forgive,
  NO_ATTEMPTS,
  settle,
  triesLeft,
  type AttemptState,
  type PinLockoutPolicy,
} from './pin-lockout.ts';

const FILE = 'guard-pins.sqlite';
const SIDE_FILES = ['', '-wal', '-shm'];

type Scope = 'guard' | 'screen';
const keyOf = (scope: Scope, id: string) => `${scope}:${id}`;

interface AttemptRow {
  key: string;
  failures: number;
  locks: number;
  locked_until_ms: number;
  next_try_ms: number;
  last_failure_ms: number;
}

/** A guard's or a screen's count as the gate's CLI lists it. */
export interface PinLock {
  scope: Scope;
  id: string;
  failures: number;
  lockedUntil: string | null;
}

const toState = (row: AttemptRow | undefined): AttemptState =>
  row
    ? {
        failures: row.failures,
        locks: row.locks,
        lockedUntilMs: row.locked_until_ms,
        nextTryMs: row.next_try_ms,
        lastFailureMs: row.last_failure_ms,
      }
    : NO_ATTEMPTS;

/**
 * The guards' PIN hashes, as the server sent them over the gate's authenticated sync, and the
 * count of wrong PINs per guard and per screen. No route serves this file's contents: screens ask
 * the gate to check a PIN and hear only the outcome. The counts are on disk, so restarting the gate
 * lifts no lock. Shared with the gate's CLI (`npm run gate -- pins | unlock`).
 */
export class GuardPinStore {
  readonly path: string;
  readonly policy: PinLockoutPolicy;
  readonly #db: Database.Database;

  constructor(dataDir: string, policy: PinLockoutPolicy = DEFAULT_PIN_LOCKOUT) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.path = join(dataDir, FILE);
    this.policy = policy;
    // PIN hashes: readable by the gate's user only, with SQLite's side files.
    closeSync(openSync(this.path, 'a', 0o600));
    this.#db = new Database(this.path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS pins (guard_id TEXT PRIMARY KEY, record TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS attempts (
        key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        locks INTEGER NOT NULL,
        locked_until_ms INTEGER NOT NULL,
        next_try_ms INTEGER NOT NULL,
        last_failure_ms INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
    for (const suffix of SIDE_FILES) if (existsSync(this.path + suffix)) chmodSync(this.path + suffix, 0o600);
  }

  /** The ETag of the list last received, for a 304 when nothing changed. */
  get etag(): string | null {
    return this.#db.prepare<[], { value: string }>("SELECT value FROM meta WHERE name = 'etag'").get()?.value ?? null;
  }

  get guardCount(): number {
    return this.#db.prepare<[], { n: number }>('SELECT count(*) AS n FROM pins').get()!.n;
  }

  hasGuard(guardId: string): boolean {
    return this.#db.prepare('SELECT 1 FROM pins WHERE guard_id = ?').get(guardId) !== undefined;
  }

  /**
   * Replaces the hashes with the server's list. A guard whose PIN changed starts with a clean count:
   * a new PIN set in the console is how someone away from the gate lifts a guard's lock.
   */
  replace(list: GuardPinList, etag: string | null): { guards: number; changed: number } {
    return this.#db.transaction(() => {
      const old = new Map(
        this.#db
          .prepare<[], { guard_id: string; record: string }>('SELECT guard_id, record FROM pins')
          .all()
          .map((row) => [row.guard_id, row.record]),
      );
      this.#db.prepare('DELETE FROM pins').run();
      const insert = this.#db.prepare('INSERT INTO pins (guard_id, record) VALUES (?, ?)');
      let changed = 0;
      for (const guard of list.guards) {
        const record = JSON.stringify(guard.pin);
        insert.run(guard.id, record);
        if (old.get(guard.id) !== record) {
          changed += 1;
          this.#db.prepare('DELETE FROM attempts WHERE key = ?').run(keyOf('guard', guard.id));
        }
      }
      this.#db.prepare("INSERT OR REPLACE INTO meta (name, value) VALUES ('etag', ?)").run(etag ?? '');
      return { guards: list.guards.length, changed };
    })();
  }

  /**
   * Checks a guard's PIN typed on a screen. Locked or too soon: refused without looking at the PIN.
   * Otherwise the try is counted as wrong for the guard and the screen before the hash is computed
   * (tries sent at once cannot outrun the count) and taken back if the PIN is right.
   */
  async check(guardId: string, screenId: string, pin: string, now: Date): Promise<PinCheckAnswer> {
    const nowMs = now.getTime();
    const { policy } = this;
    const begun = this.#db.transaction((): Begun => {
      const guard = settle(this.#state('guard', guardId), nowMs, policy);
      const screen = settle(this.#state('screen', screenId), nowMs, policy);
      const admitted = { guard: admission(guard, nowMs), screen: admission(screen, nowMs) };
      for (const scope of ['guard', 'screen'] as const) {
        const one = admitted[scope];
        if (one.kind === 'locked') return { refused: { outcome: 'locked', scope, until: iso(one.untilMs) } };
      }
      const retryMs = Math.max(...Object.values(admitted).map((one) => (one.kind === 'too-soon' ? one.retryMs : 0)));
      if (retryMs > 0) return { refused: { outcome: 'too-soon', retryAt: iso(retryMs) } };
      const stored = this.#db.prepare<[string], { record: string }>('SELECT record FROM pins WHERE guard_id = ?').get(guardId);
      const record = stored ? GuardPinRecord.safeParse(JSON.parse(stored.record)) : null;
      if (!record?.success) return { refused: { outcome: 'unknown-guard' } };
      const guardCounted = countFailure(guard, nowMs, policy.guardTries, policy);
      const screenCounted = countFailure(screen, nowMs, policy.screenTries, policy);
      this.#save('guard', guardId, guardCounted);
      this.#save('screen', screenId, screenCounted);
      const screenLockSet = screenCounted.locks > screen.locks ? screenCounted.lockedUntilMs : null;
      return { record: record.data, guardCounted, screenCounted, screenLockSet };
    })();
    if ('refused' in begun) return begun.refused;

    if (await pinMatches(begun.record, pin)) {
      this.#db.transaction(() => {
        this.#save('guard', guardId, forgive(this.#state('guard', guardId), 'guard', policy.guardTries, null));
        const screen = this.#state('screen', screenId);
        this.#save('screen', screenId, forgive(screen, 'screen', policy.screenTries, begun.screenLockSet));
      })();
      return { outcome: 'accepted', guardId };
    }
    const { guardCounted, screenCounted } = begun;
    if (guardCounted.lockedUntilMs > nowMs) return { outcome: 'locked', scope: 'guard', until: iso(guardCounted.lockedUntilMs) };
    if (screenCounted.lockedUntilMs > nowMs)
      return { outcome: 'locked', scope: 'screen', until: iso(screenCounted.lockedUntilMs) };
    const retry = Math.max(guardCounted.nextTryMs, screenCounted.nextTryMs);
    return {
      outcome: 'wrong-pin',
      triesLeft: Math.min(triesLeft(guardCounted, policy.guardTries), triesLeft(screenCounted, policy.screenTries)),
      retryAt: retry > nowMs ? iso(retry) : null,
    };
  }

  /** Guards and screens with wrong PINs counted or locked, for the gate's CLI. */
  locks(now: Date): PinLock[] {
    const rows = this.#db.prepare<[], AttemptRow>('SELECT * FROM attempts ORDER BY key').all();
    return rows.flatMap((row) => {
      const state = settle(toState(row), now.getTime(), this.policy);
      if (state.failures === 0 && state.lockedUntilMs === 0) return [];
      const [scope, ...id] = row.key.split(':');
      return [
        {
          scope: scope as Scope,
          id: id.join(':'),
          failures: state.failures,
          lockedUntil: state.lockedUntilMs ? iso(state.lockedUntilMs) : null,
        },
      ];
    });
  }

  /** Clears the count of one guard or screen (by id), or of all with `all`; answers how many. */
  unlock(which: { scope: Scope; id: string } | 'all'): number {
    if (which === 'all') return this.#db.prepare('DELETE FROM attempts').run().changes;
    return this.#db.prepare('DELETE FROM attempts WHERE key = ?').run(keyOf(which.scope, which.id)).changes;
  }

  close(): void {
    this.#db.close();
  }

  #state(scope: Scope, id: string): AttemptState {
    return toState(this.#db.prepare<[string], AttemptRow>('SELECT * FROM attempts WHERE key = ?').get(keyOf(scope, id)));
  }

  #save(scope: Scope, id: string, state: AttemptState): void {
    const key = keyOf(scope, id);
    if (state === NO_ATTEMPTS || (state.failures === 0 && state.locks === 0 && state.lockedUntilMs === 0)) {
      this.#db.prepare('DELETE FROM attempts WHERE key = ?').run(key);
      return;
    }
    this.#db
      .prepare(
        `INSERT OR REPLACE INTO attempts (key, failures, locks, locked_until_ms, next_try_ms, last_failure_ms)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(key, state.failures, state.locks, state.lockedUntilMs, state.nextTryMs, state.lastFailureMs);
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A try refused before its PIN was looked at, or counted and ready to be checked. */
type Begun =
  | { refused: PinCheckAnswer }
  | { record: GuardPinRecord; guardCounted: AttemptState; screenCounted: AttemptState; screenLockSet: number | null };
