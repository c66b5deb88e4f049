import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../db/schema.ts';

export interface LoginLimits {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/**
 * Slows password guessing per username: after `maxFailures` failures within `windowMs` the
 * username is refused for `lockMs`. Kept in the database, so a restart does not lift a lock and
 * several server processes on one PostgreSQL share the count.
 */
export class LoginThrottle {
  readonly #db: Kysely<Database>;
  readonly #limits: LoginLimits;

  constructor(db: Kysely<Database>, limits: Partial<LoginLimits> = {}) {
    this.#db = db;
    this.#limits = { ...DEFAULT_LOGIN_LIMITS, ...limits };
  }

  /** Milliseconds until the username may try again, or 0. */
  async lockedFor(username: string, now: Date): Promise<number> {
    const lock = await this.#db
      .selectFrom('login_locks')
      .select('locked_until')
      .where('username', '=', username)
      .executeTakeFirst();
    return lock ? Math.max(0, Date.parse(lock.locked_until) - now.getTime()) : 0;
  }

  async recordFailure(username: string, now: Date): Promise<void> {
    const windowStart = new Date(now.getTime() - this.#limits.windowMs).toISOString();
    await this.#db.transaction().execute(async (trx) => {
      // Old failures of every username go, so guessing many usernames cannot grow the table without bound.
      await trx.deleteFrom('login_failures').where('at', '<=', windowStart).execute();
      await trx.insertInto('login_failures').values({ id: uuidv7(), username, at: now.toISOString() }).execute();
      const { n } = await trx
        .selectFrom('login_failures')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      if (Number(n) < this.#limits.maxFailures) return;
      const lockedUntil = new Date(now.getTime() + this.#limits.lockMs).toISOString();
      await trx
        .insertInto('login_locks')
        .values({ username, locked_until: lockedUntil })
        .onConflict((oc) => oc.column('username').doUpdateSet({ locked_until: lockedUntil }))
        .execute();
      await trx.deleteFrom('login_failures').where('username', '=', username).execute();
    });
  }

  async recordSuccess(username: string): Promise<void> {
    await this.#db.deleteFrom('login_failures').where('username', '=', username).execute();
    await this.#db.deleteFrom('login_locks').where('username', '=', username).execute();
  }
}
