import { describe, expect, it } from 'vitest';
import { parseIntelHex } from './intel-hex.ts';

/** One record with its checksum computed, as a compiler writes it. */
function record(type: number, address: number, data: number[]): string {
  const bytes = [data.length, address >> 8, address & 0xff, type, ...data];
  const checksum = (0x100 - (bytes.reduce((sum, byte) => sum + byte, 0) & 0xff)) & 0xff;
  return `:${[...bytes, checksum].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('')}`;
}

describe('parseIntelHex', () => {
  it('places data records at their addresses; the rest of the flash reads erased (0xFF)', () => {
    const text = [record(0, 0x0000, [0x0c, 0x94]), record(0, 0x0010, [1, 2, 3]), record(1, 0, [])].join('\r\n');
    const flash = parseIntelHex(text, 32);
    expect([...flash.subarray(0, 3)]).toEqual([0x0c, 0x94, 0xff]);
    expect([...flash.subarray(0x10, 0x13)]).toEqual([1, 2, 3]);
  });

  it('refuses a bad checksum, a truncated image and data beyond the flash, naming the line', () => {
    const good = record(0, 0, [0xaa]);
    const bad = `${good.slice(0, -2)}00`;
    expect(() => parseIntelHex([bad, record(1, 0, [])].join('\n'), 32)).toThrow(/line 1: checksum mismatch/);
    expect(() => parseIntelHex(good, 32)).toThrow(/no end-of-file record/);
    expect(() => parseIntelHex([record(0, 0x20, [1]), record(1, 0, [])].join('\n'), 32)).toThrow(
      /line 1: .* beyond the 32-byte flash/,
    );
    expect(() => parseIntelHex('hello', 32)).toThrow(/line 1: not an Intel HEX record/);
  });

  it("reads the StandardFirmata image avrgirl-arduino ships: the Uno's reset vector jumps, and the firmware names itself", async () => {
    const { readFile } = await import('node:fs/promises');
    const { standardFirmataHexPath } = await import('./avr-firmata-board.ts');
    const flash = parseIntelHex(await readFile(standardFirmataHexPath(), 'utf8'), 32 * 1024);
    // JMP (0x940C) at the reset vector.
    expect([flash[0], flash[1]]).toEqual([0x0c, 0x94]);
    expect(Buffer.from(flash).includes(Buffer.from('StandardFirmata.ino'))).toBe(true);
  });
});
