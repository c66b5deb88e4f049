import { once } from 'node:events';
import five from 'johnny-five';
import { afterEach, describe, expect, it } from 'vitest';
import { boardLinkTo } from '../../../test/support/simulated-boards.ts';
import { openSimulatedLink } from '../serial-link.ts';
import { AvrFirmataBoard } from './avr-firmata-board.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('AvrFirmataBoard: the real StandardFirmata on an emulated ATmega328P', () => {
  it("finishes johnny-five's handshake with the firmware itself, which names itself; a pin it drives reads high in the chip's port register", async () => {
    const link = await openSimulatedLink('pty', 'board');
    cleanups.push(() => link.close());
    const emulated = new AvrFirmataBoard(link);
    cleanups.push(() => emulated.close());
    await emulated.booted;
    const board = boardLinkTo(link);
    cleanups.push(() => board.stop());
    const ready = once(board, 'ready');
    board.start();
    await ready;
    expect(board.status).toMatchObject({ state: 'connected', reason: `StandardFirmata.ino 2.4 on ${link.devicePath}` });
    const high = once(emulated, 'pin');
    new five.Led({ pin: 13, board: board.board! }).on();
    expect((await high)[0]).toMatchObject({ pin: 13, value: 1 });
    expect(emulated.level(13)).toBe(1);
    // Not an assertion on speed (tests never assert wall-clock figures): the rate is printed.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const clock = emulated.clock!;
    console.log(
      `emulated ATmega328P: ${clock.capacityMHz.toFixed(1)} MHz while busy (a real Uno: 16 MHz); ${(clock.realTimeFactor * 16).toFixed(1)} MHz of chip time per wall second; ${clock.lagMs.toFixed(0)} ms behind the wall clock`,
    );
    expect(clock.capacityMHz).toBeGreaterThan(0);
  });
});
