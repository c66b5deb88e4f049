import { describe, expect, it } from 'vitest';
import {
  admission,
  countFailure,
  DEFAULT_PIN_LOCKOUT,
  forgive,
  NO_ATTEMPTS,
  settle,
  triesLeft,
  type AttemptState,
} from './pin-lockout.ts';

const policy = DEFAULT_PIN_LOCKOUT;
const MINUTE = 60_000;
const T0 = Date.parse('2026-12-05T08:00:00Z');

/** `n` wrong PINs, each as soon as the pause allows, from `state` at `at`; answers the state and the time of the last. */
function wrong(
  n: number,
  state: AttemptState = NO_ATTEMPTS,
  at = T0,
  tries = policy.guardTries,
): { state: AttemptState; at: number } {
  let now = at;
  let current = state;
  for (let i = 0; i < n; i++) {
    const admitted = admission(settle(current, now, policy), now);
    if (admitted.kind === 'too-soon') now = admitted.retryMs;
    expect(admission(settle(current, now, policy), now).kind).toBe('go');
    current = countFailure(current, now, tries, policy);
  }
  return { state: current, at: now };
}

describe('the PIN lockout rules', () => {
  it('counts down the tries and pauses longer after each wrong PIN from the second', () => {
    const one = countFailure(NO_ATTEMPTS, T0, 5, policy);
    expect(triesLeft(one, 5)).toBe(4);
    expect(admission(one, T0)).toEqual({ kind: 'go' });
    const two = countFailure(one, T0, 5, policy);
    expect(triesLeft(two, 5)).toBe(3);
    expect(admission(two, T0)).toEqual({ kind: 'too-soon', retryMs: T0 + 1_000 });
    const three = countFailure(two, T0 + 1_000, 5, policy);
    expect(admission(three, T0 + 1_000)).toEqual({ kind: 'too-soon', retryMs: T0 + 3_000 });
    const four = countFailure(three, T0 + 3_000, 5, policy);
    expect(admission(four, T0 + 3_000)).toEqual({ kind: 'too-soon', retryMs: T0 + 7_000 });
    expect(triesLeft(four, 5)).toBe(1);
  });

  it('locks on the fifth wrong PIN in a row for 5 minutes, refusing every try until then, then gives 5 tries again', () => {
    const { state, at } = wrong(5);
    expect(state.lockedUntilMs).toBe(at + 5 * MINUTE);
    expect(triesLeft(state, 5)).toBe(0);
    expect(admission(settle(state, at + 5 * MINUTE - 1, policy), at + 5 * MINUTE - 1)).toEqual({
      kind: 'locked',
      untilMs: at + 5 * MINUTE,
    });
    const after = settle(state, at + 5 * MINUTE, policy);
    expect(admission(after, at + 5 * MINUTE)).toEqual({ kind: 'go' });
    expect(triesLeft(after, 5)).toBe(5);
  });

  it('makes each further lock longer: 5, 15, then 60 minutes, and stays at 60', () => {
    let state = NO_ATTEMPTS;
    let at = T0;
    const lengths: number[] = [];
    for (let lock = 0; lock < 4; lock++) {
      ({ state, at } = wrong(5, state, at));
      lengths.push((state.lockedUntilMs - at) / MINUTE);
      at = state.lockedUntilMs;
    }
    expect(lengths).toEqual([5, 15, 60, 60]);
  });

  it('forgets wrong PINs after a quiet hour, and locks after a quiet day', () => {
    const three = wrong(3).state;
    expect(settle(three, three.lastFailureMs + 59 * MINUTE, policy).failures).toBe(3);
    expect(settle(three, three.lastFailureMs + 60 * MINUTE, policy).failures).toBe(0);
    const locked = wrong(5).state;
    const nextDayish = locked.lastFailureMs + 23 * 60 * MINUTE;
    expect(settle(locked, nextDayish, policy).locks).toBe(1);
    expect(settle(locked, locked.lastFailureMs + 24 * 60 * MINUTE, policy)).toEqual(NO_ATTEMPTS);
  });

  it('does not forget while locked, however long the lock', () => {
    const locked = { ...wrong(5).state, lockedUntilMs: T0 + 48 * 60 * MINUTE };
    expect(settle(locked, T0 + 30 * 60 * MINUTE, policy)).toBe(locked);
  });

  it('a screen locks after 10 wrong PINs, whichever guards they were for', () => {
    const { state, at } = wrong(10, NO_ATTEMPTS, T0, policy.screenTries);
    expect(state.lockedUntilMs).toBe(at + 5 * MINUTE);
    expect(wrong(9, NO_ATTEMPTS, T0, policy.screenTries).state.lockedUntilMs).toBe(0);
  });

  it("a right PIN clears the guard's count, but takes only its own try off the screen's", () => {
    const guard = wrong(4).state;
    expect(forgive(countFailure(guard, T0 + MINUTE, 5, policy), 'guard', 5, null)).toEqual(NO_ATTEMPTS);

    const screen = wrong(6, NO_ATTEMPTS, T0, 10).state;
    const counted = countFailure(screen, T0 + MINUTE, 10, policy);
    expect(forgive(counted, 'screen', 10, null).failures).toBe(6);
  });

  it("a right PIN that was the screen's tenth try lifts the lock that try set, and no other", () => {
    const nine = wrong(9, NO_ATTEMPTS, T0, 10);
    const tenth = countFailure(nine.state, nine.at + 10_000, 10, policy);
    expect(tenth.lockedUntilMs).toBeGreaterThan(0);
    const forgiven = forgive(tenth, 'screen', 10, tenth.lockedUntilMs);
    expect(forgiven).toMatchObject({ lockedUntilMs: 0, locks: 0, failures: 9 });
    expect(forgive(tenth, 'screen', 10, tenth.lockedUntilMs - 1).lockedUntilMs).toBe(tenth.lockedUntilMs);
  });
});
