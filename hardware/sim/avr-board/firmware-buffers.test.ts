import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { MLX90614_ADDRESS, MLX90614_REGISTERS } from '../../devices/thermometer/mlx90614.ts';
import { boardLinkTo, JS_EMULATOR, REAL_FIRMWARE } from '../../../test/support/simulated-boards.ts';
import { openSimulatedLink } from '../serial-link.ts';
import type { SimulatedBoard } from '../simulated-board.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type BoardKind = 'js-emulator' | 'standard-firmata-2.4';

async function connect(kind: BoardKind) {
  const link = await openSimulatedLink('pty', 'board');
  cleanups.push(() => link.close());
  const emulated = await (kind === 'js-emulator' ? JS_EMULATOR : REAL_FIRMWARE).open(link);
  cleanups.push(() => emulated.close());
  const board = boardLinkTo(link);
  cleanups.push(() => board.stop());
  const ready = once(board, 'ready');
  board.start();
  await ready;
  return { emulated, io: board.board!.io };
}

async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return done();
}

/** Toggles pin 13 `count` times as fast as the host can write, and counts the toggles the board carried out. */
async function burst(emulated: SimulatedBoard, io: Awaited<ReturnType<typeof connect>>['io'], count: number): Promise<number> {
  let changes = 0;
  const onPin = (write: { pin: number }) => {
    if (write.pin === 13) changes += 1;
  };
  emulated.on('pin', onPin);
  for (let i = 0; i < count; i++) io.digitalWrite(13, i % 2 === 0 ? 1 : 0);
  // A marker after the burst, repeated in case it is lost too: once it lands, the burst is over.
  const marker = emulated.level(12) === 1 ? 0 : 1;
  while (emulated.level(12) !== marker) {
    io.digitalWrite(12, marker);
    await until(() => emulated.level(12) === marker, 1_000);
  }
  emulated.off('pin', onPin);
  return changes;
}

/**
 * What the Uno's buffers do, on the real StandardFirmata 2.4 and on the JS emulator: Wire's
 * 32-byte receive buffer, and HardwareSerial's 64-byte receive ring when the host sends faster
 * than the firmware reads. The figures are printed for docs/devices.md.
 */
describe.each<BoardKind>(['js-emulator', 'standard-firmata-2.4'])('buffer limits on the %s', (kind) => {
  const firmware = kind === 'standard-firmata-2.4';

  it('an I2C read of 40 bytes: Wire stops at 32, the firmware says so and pads the reply', async () => {
    const { emulated, io } = await connect(kind);
    emulated.sensor.answersAfterStop = true;
    io.i2cConfig({ delay: 0 });
    const strings: string[] = [];
    io.on('string', (text: string) => strings.push(text));
    const reply = await new Promise<number[]>((resolve) =>
      io.i2cReadOnce(MLX90614_ADDRESS, MLX90614_REGISTERS.object, 40, resolve),
    );
    const word = [165, 57, 240];
    expect(reply.slice(0, 3)).toEqual(word);
    if (firmware) {
      expect(strings).toContain('I2C: Too few bytes received');
      expect(reply).toHaveLength(40);
      // After its PEC the sensor lets SDA go (0xFF); past Wire's 32-byte buffer the firmware sends zeros.
      expect(reply.slice(3, 32)).toEqual(new Array(29).fill(255));
      expect(reply.slice(32)).toEqual(new Array(8).fill(0));
    } else {
      expect(strings).toEqual([]);
      expect(reply).toEqual(word);
    }
  });

  it('a burst of 300 commands at the line rate with the firmware idle: none lost', async () => {
    const { emulated, io } = await connect(kind);
    io.pinMode(13, 1);
    io.pinMode(12, 1);
    const carried = await burst(emulated, io, 300);
    console.log(`${kind}: ${carried} of 300 commands carried out (firmware idle)`);
    expect(carried).toBe(300);
  });

  it('a burst of 300 commands while the firmware is busy sending I2C replies', async () => {
    const { emulated, io } = await connect(kind);
    emulated.sensor.answersAfterStop = true;
    io.pinMode(13, 1);
    io.pinMode(12, 1);
    io.i2cConfig({ delay: 0 });
    let replies = 0;
    // Eight continuous 32-byte reads (Firmata 2.4's most): about 570 bytes to send every pass.
    for (let register = 0; register < 8; register++) io.i2cRead(MLX90614_ADDRESS, register, 32, () => (replies += 1));
    const busy = firmware && (await until(() => replies >= 8, 10_000));
    const carried = await burst(emulated, io, 300);
    io.i2cStop(MLX90614_ADDRESS);
    console.log(`${kind}: ${carried} of 300 commands carried out while sending I2C replies (${replies} replies)`);
    if (firmware) {
      // Serial.write blocks while its 64-byte transmit ring drains; meanwhile more than 64 bytes
      // arrive and HardwareSerial drops every byte that finds its receive ring full.
      expect(busy).toBe(true);
      expect(carried).toBeLessThan(300);
    } else {
      // The JS emulator answers one-shot reads only, so it is never busy: nothing is lost.
      expect(replies).toBe(0);
      expect(carried).toBe(300);
    }
  });
});
