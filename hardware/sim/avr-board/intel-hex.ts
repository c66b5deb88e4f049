/**
 * Intel HEX, the format compilers and avrdude use for AVR firmware: one record a line,
 * `:LLAAAATT<data>CC`, each with its own two's-complement checksum. Only what an ATmega328P
 * image uses is accepted (data, end of file, and the address extensions at zero).
 */
export function parseIntelHex(text: string, flashBytes: number): Uint8Array {
  const flash = new Uint8Array(flashBytes).fill(0xff);
  let base = 0;
  let ended = false;
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const where = `line ${index + 1}`;
    if (ended) throw new TypeError(`${where}: record after the end-of-file record`);
    if (!/^:(?:[0-9A-Fa-f]{2}){5,}$/.test(line)) throw new TypeError(`${where}: not an Intel HEX record`);
    const bytes = Buffer.from(line.slice(1), 'hex');
    const length = bytes[0]!;
    if (bytes.length !== length + 5) throw new TypeError(`${where}: record says ${length} data bytes, has ${bytes.length - 5}`);
    if (bytes.reduce((sum, byte) => (sum + byte) & 0xff, 0) !== 0) throw new TypeError(`${where}: checksum mismatch`);
    const address = base + ((bytes[1]! << 8) | bytes[2]!);
    const data = bytes.subarray(4, 4 + length);
    switch (bytes[3]) {
      case 0x00:
        if (address + length > flashBytes)
          throw new TypeError(`${where}: data at 0x${address.toString(16)} beyond the ${flashBytes}-byte flash`);
        flash.set(data, address);
        break;
      case 0x01:
        ended = true;
        break;
      case 0x02:
        base = ((data[0]! << 8) | data[1]!) << 4;
        break;
      case 0x04:
        base = ((data[0]! << 8) | data[1]!) << 16;
        break;
      case 0x03:
      case 0x05:
        // Start addresses: an AVR always starts at its reset vector.
        break;
      default:
        throw new TypeError(`${where}: unknown record type 0x${bytes[3]!.toString(16)}`);
    }
  }
  if (!ended) throw new TypeError('no end-of-file record: the image is truncated');
  return flash;
}
