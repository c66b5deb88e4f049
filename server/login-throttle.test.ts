import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.ts';

const MINUTE = 60_000;

function throttleAt(start: number) {
  const clock = { now: start };
  return { clock, throttle: new LoginThrottle({ now: () => clock.now }) };
}

describe('LoginThrottle', () => {
  it('locks a username for 15 minutes after 5 failures within 15 minutes', () => {
    const { clock, throttle } = throttleAt(1_000_000);
    for (let i = 0; i < 4; i++) throttle.recordFailure('staff');
    expect(throttle.lockedFor('staff')).toBe(0);
    throttle.recordFailure('staff');
    expect(throttle.lockedFor('staff')).toBe(15 * MINUTE);
    expect(throttle.lockedFor('admin')).toBe(0);
    clock.now += 15 * MINUTE - 1;
    expect(throttle.lockedFor('staff')).toBe(1);
    clock.now += 1;
    expect(throttle.lockedFor('staff')).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const { clock, throttle } = throttleAt(1_000_000);
    for (let i = 0; i < 4; i++) throttle.recordFailure('staff');
    clock.now += 15 * MINUTE;
    throttle.recordFailure('staff');
    expect(throttle.lockedFor('staff')).toBe(0);
  });

  it('clears the count on a successful sign-in', () => {
    const { throttle } = throttleAt(1_000_000);
    for (let i = 0; i < 4; i++) throttle.recordFailure('staff');
    throttle.recordSuccess('staff');
    throttle.recordFailure('staff');
    expect(throttle.lockedFor('staff')).toBe(0);
  });
});
