import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WakeableSleep } from './wakeable-sleep.ts';

describe('WakeableSleep', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Whether the promise has settled by now (its callbacks run on the microtask queue). */
  async function settled(promise: Promise<void>): Promise<boolean> {
    let done = false;
    void promise.then(() => (done = true));
    await vi.advanceTimersByTimeAsync(0);
    return done;
  }

  it('ends after its time', async () => {
    const sleep = new WakeableSleep().sleep(1_000);
    await vi.advanceTimersByTimeAsync(999);
    expect(await settled(sleep)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(sleep)).toBe(true);
  });

  it('ends at once when woken, and a wake while no wait is armed ends the next wait, once', async () => {
    const waits = new WakeableSleep();
    const first = waits.sleep(30_000);
    waits.wake();
    expect(await settled(first)).toBe(true);
    waits.wake();
    expect(await settled(waits.sleep(30_000))).toBe(true);
    expect(await settled(waits.sleep(30_000))).toBe(false);
  });

  it('serves a wait that may not be woken early in full, and keeps the wake for the wait after', async () => {
    const waits = new WakeableSleep();
    waits.wake();
    const backOff = waits.sleep(5_000, { wakeable: false });
    expect(await settled(backOff)).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await settled(backOff)).toBe(true);
    expect(await settled(waits.sleep(30_000))).toBe(true);
  });

  it('is interrupted (stopping) without shortening the next wait', async () => {
    const waits = new WakeableSleep();
    const waiting = waits.sleep(30_000);
    waits.interrupt();
    expect(await settled(waiting)).toBe(true);
    waits.interrupt();
    expect(await settled(waits.sleep(30_000))).toBe(false);
  });
});
