import { afterEach, describe, expect, it, vi } from 'vitest';
import { SimulatedSignalBoard } from './simulated-signal-board.ts';

afterEach(() => vi.useRealTimers());

describe('SimulatedSignalBoard', () => {
  it('holds the relay open for the pulse, then releases it', () => {
    vi.useFakeTimers();
    const board = new SimulatedSignalBoard({ deviceId: 'board', link: 'mock', defaultPulseMs: 1500 });
    board.apply({ type: 'gate' });
    expect(board.state.gate).toMatchObject({ open: true, pulses: 1, lastPulseMs: 1500 });
    vi.advanceTimersByTime(1499);
    expect(board.state.gate.open).toBe(true);
    vi.advanceTimersByTime(1);
    expect(board.state.gate.open).toBe(false);
  });

  it('a second pulse restarts the hold instead of being cut short by the first', () => {
    vi.useFakeTimers();
    const board = new SimulatedSignalBoard({ deviceId: 'board', link: 'mock', defaultPulseMs: 1000 });
    board.apply({ type: 'gate' });
    vi.advanceTimersByTime(800);
    board.apply({ type: 'gate', pulseMs: 1000 });
    vi.advanceTimersByTime(500);
    expect(board.state.gate).toMatchObject({ open: true, pulses: 2 });
  });

  it('says it is the simulator and hands out copies of its state', () => {
    const board = new SimulatedSignalBoard({ deviceId: 'board', link: 'pty', defaultPulseMs: 1000 });
    expect(board.status).toMatchObject({ device: 'board', state: 'connected', reason: expect.stringMatching(/^simulated signal board/) });
    board.state.lights.green = true;
    expect(board.state.lights.green).toBe(false);
  });
});
