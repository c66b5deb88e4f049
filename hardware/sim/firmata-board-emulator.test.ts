import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawFromCelsius } from '../devices/thermometer/mlx90614.ts';
import { FirmataBoardEmulator } from './firmata-board-emulator.ts';
import type { SimulatedLink } from './serial-link.ts';

/** An in-memory wire: what the client "sends" goes straight in, the board's answers are collected. */
function memoryLink() {
  let deliver: (bytes: Buffer) => void = () => {};
  const sent: number[] = [];
  const link: SimulatedLink = {
    kind: 'mock',
    devicePath: '/dev/memory',
    binding: undefined,
    plugged: true,
    write: async (bytes) => {
      sent.push(...bytes);
    },
    onData: (listener) => {
      deliver = listener;
    },
    unplug: async () => {},
    replug: async () => {},
    close: async () => {},
  };
  return { link, sent, send: (bytes: number[]) => deliver(Buffer.from(bytes)) };
}

describe('FirmataBoardEmulator', () => {
  it('answers the version, firmware name and an I2C read of the MLX90614 object register', () => {
    const { link, sent, send } = memoryLink();
    const board = new FirmataBoardEmulator(link);
    board.setTemperatures(36.6, 20);
    send([0xf9]);
    expect(sent.splice(0)).toEqual([0xf9, 2, 5]);
    send([0xf0, 0x79, 0xf7]);
    const firmware = sent.splice(0);
    expect(firmware.slice(0, 4)).toEqual([0xf0, 0x79, 2, 5]);
    expect(Buffer.from(firmware.slice(4, -1).filter((_, i) => i % 2 === 0)).toString('ascii')).toBe('StandardFirmata.ino');
    // Without I2C_CONFIG the bus is not started: no answer, as on the real firmware.
    send([0xf0, 0x76, 0x5a, 0x08, 0x07, 0x00, 0x03, 0x00, 0xf7]);
    expect(sent).toEqual([]);
    send([0xf0, 0x78, 0x00, 0x00, 0xf7]);
    send([0xf0, 0x76, 0x5a, 0x08 | 0x40, 0x07, 0x00, 0x03, 0x00, 0xf7]);
    const reply = sent.splice(0);
    expect(reply.slice(0, 6)).toEqual([0xf0, 0x77, 0x5a, 0x00, 0x07, 0x00]);
    const raw = reply[6]! | (reply[7]! << 7) | ((reply[8]! | (reply[9]! << 7)) << 8);
    expect(raw).toBe(rawFromCelsius(36.6));
    expect(board.readsOf(0x07)).toBe(1);
  });

  it('records digital port writes of output pins and PWM writes', () => {
    const { link, send } = memoryLink();
    const board = new FirmataBoardEmulator(link);
    // Port 0 (pins 0–7): pin 7 high.
    send([0x90, 0x00, 0x01]);
    send([0xe0 | 5, 0x7f, 0x01]);
    expect(board.level(7)).toBe(1);
    expect(board.level(5)).toBe(255);
    expect(board.writes.map(({ pin, value, kind }) => ({ pin, value, kind }))).toEqual([
      { pin: 7, value: 1, kind: 'digital' },
      { pin: 5, value: 255, kind: 'pwm' },
    ]);
  });

  it('never throws on random bytes, and answers only in well-framed Firmata messages', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0xf0, 0xf7, 0xf9, 0x79, 0x6b, 0x69, 0x76, 0x78, 0x90, 0xe0)),
          { maxLength: 200 },
        ),
        (bytes) => {
          const { link, sent, send } = memoryLink();
          new FirmataBoardEmulator(link);
          send(bytes);
          let i = 0;
          while (i < sent.length) {
            if (sent[i] === 0xf9) {
              expect(sent.slice(i + 1, i + 3).every((b) => b < 0x80)).toBe(true);
              i += 3;
              continue;
            }
            expect(sent[i]).toBe(0xf0);
            const end = sent.indexOf(0xf7, i);
            expect(end).toBeGreaterThan(i);
            expect(sent.slice(i + 1, end).every((b) => b < 0x80)).toBe(true);
            i = end + 1;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
