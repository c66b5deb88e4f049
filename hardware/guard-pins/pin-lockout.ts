/**
 * How the gate slows and locks PIN guessing, per guard and per screen (issue 15). A 4–6 digit PIN
 * has at most a million values: what keeps it is that a guesser gets a handful of tries an hour,
 * not the hash. Pure functions over a small state, so the rules are tested without a clock.
 */
export interface PinLockoutPolicy {
  /** Wrong PINs in a row that lock a guard. */
  guardTries: number;
  /** Wrong PINs in a row on one screen, for any guards, that lock the screen (a spray across names). */
  screenTries: number;
  /** How long each successive lock lasts; the last repeats. */
  lockMs: readonly number[];
  /** The wait before the next try after the n-th wrong PIN in a row (index n − 1); the last repeats. */
  pauseMs: readonly number[];
  /** Wrong PINs with none newer for this long are forgotten (a mistype yesterday costs no try today). */
  forgetFailuresMs: number;
  /** Locks with no wrong PIN for this long are forgotten, so the next lock is a short one again. */
  forgetLocksMs: number;
}

const MINUTE = 60_000;

export const DEFAULT_PIN_LOCKOUT: PinLockoutPolicy = {
  guardTries: 5,
  screenTries: 10,
  lockMs: [5 * MINUTE, 15 * MINUTE, 60 * MINUTE],
  pauseMs: [0, 1_000, 2_000, 4_000],
  forgetFailuresMs: 60 * MINUTE,
  forgetLocksMs: 24 * 60 * MINUTE,
};

/** One guard's or one screen's count. Times are epoch milliseconds; 0 means none. */
export interface AttemptState {
  failures: number;
  locks: number;
  lockedUntilMs: number;
  nextTryMs: number;
  lastFailureMs: number;
}

export const NO_ATTEMPTS: AttemptState = { failures: 0, locks: 0, lockedUntilMs: 0, nextTryMs: 0, lastFailureMs: 0 };

export type Admission = { kind: 'go' } | { kind: 'locked'; untilMs: number } | { kind: 'too-soon'; retryMs: number };

function pick(list: readonly number[], index: number): number {
  return list[Math.min(index, list.length - 1)] ?? 0;
}

/** The state with what has expired forgotten. */
export function settle(state: AttemptState, nowMs: number, policy: PinLockoutPolicy): AttemptState {
  if (state.lockedUntilMs > nowMs) return state;
  const quietMs = nowMs - state.lastFailureMs;
  if (quietMs >= policy.forgetLocksMs) return NO_ATTEMPTS;
  const expired = state.lockedUntilMs !== 0 ? { ...state, lockedUntilMs: 0 } : state;
  return quietMs >= policy.forgetFailuresMs ? { ...expired, failures: 0, nextTryMs: 0 } : expired;
}

/** Whether a try may be checked now: never while locked (not even the right PIN), nor before the pause is over. */
export function admission(state: AttemptState, nowMs: number): Admission {
  if (state.lockedUntilMs > nowMs) return { kind: 'locked', untilMs: state.lockedUntilMs };
  if (state.nextTryMs > nowMs) return { kind: 'too-soon', retryMs: state.nextTryMs };
  return { kind: 'go' };
}

/**
 * A wrong PIN counted. The gate counts each try this way before it checks the PIN, so tries sent
 * all at once cannot outrun the count; a right PIN then takes its own count back (`forgive`).
 */
export function countFailure(state: AttemptState, nowMs: number, tries: number, policy: PinLockoutPolicy): AttemptState {
  const settled = settle(state, nowMs, policy);
  const failures = settled.failures + 1;
  if (failures >= tries) {
    const locks = settled.locks + 1;
    return { failures: 0, locks, lockedUntilMs: nowMs + pick(policy.lockMs, locks - 1), nextTryMs: 0, lastFailureMs: nowMs };
  }
  return { ...settled, failures, nextTryMs: nowMs + pick(policy.pauseMs, failures - 1), lastFailureMs: nowMs };
}

/** Tries left before the lock. */
export function triesLeft(state: AttemptState, tries: number): number {
  return state.lockedUntilMs !== 0 ? 0 : Math.max(0, tries - state.failures);
}

/**
 * Takes back, from the state as it is now, the count a try made before its PIN turned out right.
 * For a guard the right PIN clears everything. For a screen only that try's own count goes
 * (another guard's right PIN must not wipe a spray's count), with the lock it alone set: `lockSet`
 * is the lock's end that try wrote, if it wrote one.
 */
export function forgive(current: AttemptState, scope: 'guard' | 'screen', tries: number, lockSet: number | null): AttemptState {
  if (scope === 'guard') return NO_ATTEMPTS;
  // The pause the try set goes with it: a guard who just signed in leaves no wait for the next.
  if (lockSet !== null && current.lockedUntilMs === lockSet)
    return { ...current, locks: Math.max(0, current.locks - 1), lockedUntilMs: 0, failures: tries - 1, nextTryMs: 0 };
  return { ...current, failures: Math.max(0, current.failures - 1), nextTryMs: 0 };
}
