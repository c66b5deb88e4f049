import { describe, expect, it } from 'vitest';
import { decodeRegisterRead } from '../../devices/thermometer/mlx90614.ts';
import { Mlx90614Smbus } from './mlx90614-smbus.ts';

/** A master's transaction on the bus; null where the slave did not acknowledge. */
function readWord(chip: Mlx90614Smbus, { restart, address = 0x5a }: { restart: boolean; address?: number }, command = 0x07) {
  chip.start(false);
  if (!chip.connect(address, true) || !chip.write(command)) return null;
  if (restart) chip.start(true);
  else {
    chip.stop();
    chip.start(false);
  }
  if (!chip.connect(address, false)) {
    chip.stop();
    return null;
  }
  const bytes = [chip.read(), chip.read(), chip.read()];
  chip.stop();
  return bytes;
}

describe('Mlx90614Smbus: the sensor as its datasheet describes it on SMBus', () => {
  it('answers Read Word with a repeated start: low byte, high byte and a PEC over the whole transaction', () => {
    const chip = new Mlx90614Smbus({ objectC: 36.6, ambientC: 20 });
    expect(decodeRegisterRead(0x5a, 0x07, readWord(chip, { restart: true })!)).toEqual({ ok: true, celsius: 36.61 });
    expect(decodeRegisterRead(0x5a, 0x06, readWord(chip, { restart: true }, 0x06)!)).toEqual({ ok: true, celsius: 19.99 });
  });

  it('answers the general address 0x00, with the PEC over that address', () => {
    const chip = new Mlx90614Smbus({ objectC: 36.6 });
    expect(decodeRegisterRead(0x00, 0x07, readWord(chip, { restart: true, address: 0x00 })!)).toEqual({
      ok: true,
      celsius: 36.61,
    });
  });

  it('strict: a read after a STOP is not a transaction it supports and its address is not acknowledged; lenient: it answers', () => {
    expect(readWord(new Mlx90614Smbus({ objectC: 36.6 }), { restart: false })).toBeNull();
    const lenient = readWord(new Mlx90614Smbus({ objectC: 36.6, answersAfterStop: true }), { restart: false });
    expect(decodeRegisterRead(0x5a, 0x07, lenient!)).toEqual({ ok: true, celsius: 36.61 });
  });

  it('acknowledges nothing with its wires off, refuses commands it does not have, and counts each register selected', () => {
    const selected: number[] = [];
    const chip = new Mlx90614Smbus({ responding: false }, (register) => selected.push(register));
    expect(readWord(chip, { restart: true })).toBeNull();
    chip.script.responding = true;
    chip.start(false);
    expect(chip.connect(0x5a, true)).toBe(true);
    expect(chip.write(0x80)).toBe(false);
    expect(chip.answers(0x5b)).toBe(false);
    readWord(chip, { restart: true });
    expect(selected).toEqual([0x07]);
  });
});
