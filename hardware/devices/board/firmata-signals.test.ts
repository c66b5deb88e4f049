import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { FirmataSignals } from './firmata-signals.ts';
import type { GateLogger } from '../../service/gate-logger.ts';
import type { PinWrite, SimulatedBoard } from '../../sim/simulated-board.ts';
import { BOARDS, boardLinkTo, type BoardUnderTest } from '../../../test/support/simulated-boards.ts';
import { openSimulatedLink, type SimulatedLink } from '../../sim/serial-link.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const PINS = { green: 5, red: 6, buzzer: 8, relay: 7 };

async function rig(under: BoardUnderTest, options: { relayActiveLow?: boolean } = {}) {
  const link: SimulatedLink = await openSimulatedLink('pty', 'board');
  cleanups.push(() => link.close());
  const emulator = await under.open(link);
  cleanups.push(() => emulator.close());
  const board = boardLinkTo(link);
  const warnings: string[] = [];
  const logger: GateLogger = { info: () => {}, warn: (m) => warnings.push(m), error: () => {} };
  const signals = new FirmataSignals({
    board,
    pins: PINS,
    relayActiveLow: options.relayActiveLow ?? false,
    defaultPulseMs: 100,
    logger,
  });
  cleanups.push(async () => {
    await signals.close();
    await board.stop();
  });
  const ready = once(board, 'ready');
  board.start();
  await ready;
  return { link, emulator, board, signals, warnings };
}

/**
 * The next `count` levels of `pin`, as the emulated board saw them, as on (1) or off (0): the JS
 * emulator records johnny-five's full PWM duty as 255, the real firmware turns analogWrite(255)
 * into a plain high output.
 */
function writesTo(emulator: SimulatedBoard, pin: number, count: number): Promise<number[]> {
  const values: number[] = [];
  return new Promise((resolve) => {
    const listener = (write: PinWrite) => {
      if (write.pin !== pin) return;
      values.push(write.value > 0 ? 1 : 0);
      if (values.length < count) return;
      emulator.off('pin', listener);
      resolve(values);
    };
    emulator.on('pin', listener);
  });
}

describe.each(BOARDS)('FirmataSignals on $name', { timeout: 60_000 }, (under) => {
  it('lights: the kiosk command sets the green and red pins (PWM pins: johnny-five writes full duty)', async () => {
    const { emulator, signals } = await rig(under);
    const green = writesTo(emulator, PINS.green, 1);
    signals.apply({ type: 'lights', green: true, red: false });
    expect(await green).toEqual([1]);
    expect(emulator.level(PINS.red)).toBe(0);
    const red = writesTo(emulator, PINS.red, 1);
    const greenOff = writesTo(emulator, PINS.green, 1);
    signals.apply({ type: 'lights', green: false, red: true });
    expect([await greenOff, await red]).toEqual([[0], [1]]);
  });

  it('buzzer: admit is one beep, deny three', async () => {
    const { emulator, signals } = await rig(under);
    const admit = writesTo(emulator, PINS.buzzer, 2);
    signals.apply({ type: 'buzzer', pattern: 'admit' });
    expect(signals.buzzerPattern).toBe('admit');
    expect(await admit).toEqual([1, 0]);
    const deny = writesTo(emulator, PINS.buzzer, 6);
    signals.apply({ type: 'buzzer', pattern: 'deny' });
    expect(await deny).toEqual([1, 0, 1, 0, 1, 0]);
    expect(signals.buzzerPattern).toBe('off');
  });

  it('buzzer: off silences a fever alarm at once', async () => {
    const { emulator, signals } = await rig(under);
    const alarm = writesTo(emulator, PINS.buzzer, 2);
    signals.apply({ type: 'buzzer', pattern: 'fever' });
    await writesTo(emulator, PINS.buzzer, 1);
    signals.apply({ type: 'buzzer', pattern: 'off' });
    expect(await alarm).toEqual([1, 0]);
    expect(signals.buzzerPattern).toBe('off');
  });

  it('gate: the relay closes for the pulse, then opens', async () => {
    const { emulator, signals } = await rig(under);
    const pulse = writesTo(emulator, PINS.relay, 2);
    signals.apply({ type: 'gate', pulseMs: 150 });
    expect(await pulse).toEqual([1, 0]);
  });

  it('gate: an active-low relay module is pulsed low', async () => {
    const { emulator, signals } = await rig(under, { relayActiveLow: true });
    // Idle is high for an active-low module.
    await new Promise<void>((resolve) =>
      emulator.level(PINS.relay) === 1 ? resolve() : writesTo(emulator, PINS.relay, 1).then(() => resolve()),
    );
    const pulse = writesTo(emulator, PINS.relay, 2);
    signals.apply({ type: 'gate' });
    expect(await pulse).toEqual([0, 1]);
  });

  it('a command while the board is unplugged is logged, not carried out later', async () => {
    const { link, emulator, board, signals, warnings } = await rig(under);
    const lost = once(board, 'lost');
    await link.unplug();
    await lost;
    expect(signals.status.state).not.toBe('connected');
    signals.apply({ type: 'gate' });
    expect(warnings.join('\n')).toMatch(/not connected; command not carried out: \{"type":"gate"\}/);
    const energised: PinWrite[] = [];
    emulator.on('pin', (write) => {
      if (write.pin === PINS.relay && write.value === 1) energised.push(write);
    });
    emulator.reset();
    const ready = once(board, 'ready');
    await link.replug();
    await ready;
    // What the board does once it is back: the relay must stay released.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(energised).toEqual([]);
  });

  it('closing releases a held relay and darkens the lights before the port closes', async () => {
    const { emulator, board, signals } = await rig(under);
    const held = writesTo(emulator, PINS.relay, 1);
    const lit = writesTo(emulator, PINS.red, 1);
    signals.apply({ type: 'gate', pulseMs: 10_000 });
    signals.apply({ type: 'lights', green: false, red: true });
    await Promise.all([held, lit]);
    const released = writesTo(emulator, PINS.relay, 1);
    const dark = writesTo(emulator, PINS.red, 1);
    await signals.close();
    await board.stop();
    expect([await released, await dark]).toEqual([[0], [0]]);
  });
});
