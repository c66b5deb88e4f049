export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
  now: () => number;
}

interface Attempts {
  failures: number[];
  lockedUntil: number;
}

/**
 * Slows password guessing per username: after `maxFailures` failures within `windowMs` the
 * username is refused for `lockMs`. In memory: a restart forgets it, and each server process
 * keeps its own count (enough for one community server; a shared store comes with PostgreSQL).
 */
export class LoginThrottle {
  readonly #options: LoginThrottleOptions;
  readonly #attempts = new Map<string, Attempts>();

  constructor(options: Partial<LoginThrottleOptions> = {}) {
    this.#options = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000, now: Date.now, ...options };
  }

  /** Milliseconds until the username may try again, or 0. */
  lockedFor(username: string): number {
    const attempts = this.#attempts.get(username);
    return attempts ? Math.max(0, attempts.lockedUntil - this.#options.now()) : 0;
  }

  recordFailure(username: string): void {
    const now = this.#options.now();
    this.#forgetStale(now);
    const attempts = this.#attempts.get(username) ?? { failures: [], lockedUntil: 0 };
    attempts.failures = [...attempts.failures.filter((at) => now - at < this.#options.windowMs), now];
    if (attempts.failures.length >= this.#options.maxFailures) {
      attempts.lockedUntil = now + this.#options.lockMs;
      attempts.failures = [];
    }
    this.#attempts.set(username, attempts);
  }

  recordSuccess(username: string): void {
    this.#attempts.delete(username);
  }

  /** Keeps the map from growing without bound when someone tries many usernames. */
  #forgetStale(now: number): void {
    for (const [username, attempts] of this.#attempts) {
      const recent = attempts.failures.some((at) => now - at < this.#options.windowMs);
      if (!recent && attempts.lockedUntil <= now) this.#attempts.delete(username);
    }
  }
}
