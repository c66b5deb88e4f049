import { once } from 'node:events';
import { describeFirmware } from '../hardware/devices/board/firmata-firmware.ts';
import { FirmataSignals } from '../hardware/devices/board/firmata-signals.ts';
import { openSimulatedLink } from '../hardware/sim/serial-link.ts';
import type { PinWrite, SimulatedBoard } from '../hardware/sim/simulated-board.ts';
import { boardLinkTo, type BoardUnderTest } from '../test/support/simulated-boards.ts';
import { summarize, type LatencySummary } from './latency-summary.ts';

const PINS = { green: 5, red: 6, buzzer: 8, relay: 7 };
const PULSE_MS = 50;

export interface BoardLatency {
  board: string;
  firmware: string;
  /** The gate's board link started → the firmware named and the pins set up. */
  handshakeMs: number;
  /** The kiosk's `gate` command handed to the gate's signals → the relay pin high at the board. */
  relay: LatencySummary;
  missed: number;
}

/** The next write of `pin` to `value` at the board, timed as it arrives here (performance.now()), or null after a timeout. */
function nextLevel(board: SimulatedBoard, pin: number, value: number, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      board.off('pin', listener);
      resolve(null);
    }, timeoutMs);
    const listener = (write: PinWrite) => {
      if (write.pin !== pin || (write.value > 0 ? 1 : 0) !== value) return;
      clearTimeout(timer);
      board.off('pin', listener);
      resolve(performance.now());
    };
    board.on('pin', listener);
  });
}

/**
 * The board's share of a gate opening, on one board under test (the JS Firmata emulator, or the
 * real StandardFirmata on the emulated ATmega328P), through the gate's own board link and signals
 * over a real pseudo-terminal at 57600 baud: the handshake, then `commands` gate commands, each timed
 * from the command to the relay pin at the board (the firmware board's port register).
 */
export async function measureBoardLatency(under: BoardUnderTest, commands: number): Promise<BoardLatency> {
  const link = await openSimulatedLink('pty', 'bench-board');
  const board = await under.open(link);
  const boardLink = boardLinkTo(link);
  const logger = { info: () => {}, warn: () => {}, error: () => {} };
  const signals = new FirmataSignals({ board: boardLink, pins: PINS, relayActiveLow: false, defaultPulseMs: PULSE_MS, logger });
  try {
    const started = performance.now();
    const ready = once(boardLink, 'ready');
    boardLink.start();
    await ready;
    const handshakeMs = performance.now() - started;
    const samples: number[] = [];
    let missed = 0;
    for (let i = 0; i < commands; i++) {
      const closed = nextLevel(board, PINS.relay, 1, 10_000);
      const sent = performance.now();
      signals.apply({ type: 'gate' });
      const at = await closed;
      if (at === null) missed += 1;
      else samples.push(at - sent);
      // The pulse ends before the next person: a second command would only extend it.
      await nextLevel(board, PINS.relay, 0, 10_000);
    }
    const firmware = boardLink.firmware;
    return {
      board: under.name,
      firmware: firmware ? describeFirmware(firmware) : under.firmware,
      handshakeMs,
      relay: summarize(samples),
      missed,
    };
  } finally {
    await signals.close();
    await boardLink.stop();
    await board.close();
    await link.close();
  }
}
