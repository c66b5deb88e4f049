import type { Kysely, Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../db/schema.ts';

export interface LoginLimits {
  /** Failures for one username from one address before that address waits for that username. */
  maxFailures: number;
  /** Failures from one address, whatever the usernames, before the address waits (a password spray). */
  maxAddressFailures: number;
  /** Failures for one username from all addresses together before the username waits for everyone. */
  maxUsernameFailures: number;
  windowMs: number;
  lockMs: number;
}

/**
 * One address can lock a username only for itself (5), and is itself held back after 20 failures
 * across usernames, so it can never reach the 50 that hold a username back for everyone: locking
 * `admin` out for its rightful user takes failures from at least three addresses.
 */
export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  maxFailures: 5,
  maxAddressFailures: 20,
  maxUsernameFailures: 50,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
};

/** Who a sign-in comes from: the username tried and the client's address. */
export interface SignInAttempt {
  username: string;
  address: string;
}

type Scope = 'pair' | 'address' | 'username';

function lockKey(scope: Scope, attempt: SignInAttempt): string {
  if (scope === 'address') return `address:${attempt.address}`;
  if (scope === 'username') return `username:${attempt.username}`;
  return `pair:${attempt.address}:${attempt.username}`;
}

/**
 * Slows password guessing per username and address, per address, and per username. Kept in the
 * database, so a restart does not lift a lock and several server processes on one PostgreSQL
 * share the counts.
 */
export class LoginThrottle {
  readonly #db: Kysely<Database>;
  readonly #limits: LoginLimits;

  constructor(db: Kysely<Database>, limits: Partial<LoginLimits> = {}) {
    this.#db = db;
    this.#limits = { ...DEFAULT_LOGIN_LIMITS, ...limits };
  }

  /** Milliseconds until this address may try this username again, or 0. */
  async lockedFor(attempt: SignInAttempt, now: Date): Promise<number> {
    const keys = (['pair', 'address', 'username'] as const).map((scope) => lockKey(scope, attempt));
    const locks = await this.#db.selectFrom('sign_in_locks').select('locked_until').where('lock_key', 'in', keys).execute();
    return Math.max(0, ...locks.map((lock) => Date.parse(lock.locked_until) - now.getTime()));
  }

  async recordFailure(attempt: SignInAttempt, now: Date): Promise<void> {
    const windowStart = new Date(now.getTime() - this.#limits.windowMs).toISOString();
    await this.#db.transaction().execute(async (trx) => {
      // Old failures of every username go, so guessing many usernames cannot grow the table without bound.
      await trx.deleteFrom('sign_in_failures').where('at', '<=', windowStart).execute();
      await trx
        .insertInto('sign_in_failures')
        .values({ id: uuidv7(), username: attempt.username, address: attempt.address, at: now.toISOString() })
        .execute();
      const limits: Record<Scope, number> = {
        pair: this.#limits.maxFailures,
        address: this.#limits.maxAddressFailures,
        username: this.#limits.maxUsernameFailures,
      };
      for (const scope of ['pair', 'address', 'username'] as const) {
        if ((await this.#count(trx, scope, attempt)) < limits[scope]) continue;
        const lockedUntil = new Date(now.getTime() + this.#limits.lockMs).toISOString();
        await trx
          .insertInto('sign_in_locks')
          .values({ lock_key: lockKey(scope, attempt), locked_until: lockedUntil })
          .onConflict((oc) => oc.column('lock_key').doUpdateSet({ locked_until: lockedUntil }))
          .execute();
      }
    });
  }

  /** The right password from this address: its own failures and lock for the username go; the others stand. */
  async recordSuccess(attempt: SignInAttempt): Promise<void> {
    await this.#db
      .deleteFrom('sign_in_failures')
      .where('username', '=', attempt.username)
      .where('address', '=', attempt.address)
      .execute();
    await this.#db.deleteFrom('sign_in_locks').where('lock_key', '=', lockKey('pair', attempt)).execute();
  }

  async #count(trx: Transaction<Database>, scope: Scope, attempt: SignInAttempt): Promise<number> {
    let query = trx.selectFrom('sign_in_failures').select((eb) => eb.fn.countAll().as('n'));
    if (scope !== 'address') query = query.where('username', '=', attempt.username);
    if (scope !== 'username') query = query.where('address', '=', attempt.address);
    const { n } = await query.executeTakeFirstOrThrow();
    return Number(n);
  }
}
