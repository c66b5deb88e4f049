/**
 * What a UART receiving at one baud rate makes of bytes sent at another (8N1: a start bit, eight
 * data bits least significant first, a stop bit). A scanner left at 115200 baud on a port opened
 * at 9600 delivers exactly this kind of garbage; the simulated devices use it to produce it.
 */
export function receivedAtBaud(bytes: Uint8Array, sentBaud: number, receivedBaud: number): Uint8Array {
  if (!(sentBaud > 0 && receivedBaud > 0)) throw new TypeError('baud rates must be positive');
  if (sentBaud === receivedBaud) return Uint8Array.from(bytes);
  // The line as levels over time, one entry per sent bit; idle is high.
  const line: number[] = [];
  for (const byte of bytes) {
    line.push(0);
    for (let bit = 0; bit < 8; bit++) line.push((byte >> bit) & 1);
    line.push(1);
  }
  const bitTime = 1 / sentBaud;
  const sampleTime = 1 / receivedBaud;
  const end = line.length * bitTime;
  const levelAt = (t: number) => (t >= end ? 1 : line[Math.floor(t / bitTime)]!);
  const out: number[] = [];
  // Look for each start bit's falling edge at a fine step, then sample mid-bit at the receiver's rate.
  const step = Math.min(bitTime, sampleTime) / 4;
  let t = 0;
  let previous = 1;
  while (t < end) {
    const level = levelAt(t);
    if (previous === 1 && level === 0) {
      let value = 0;
      for (let bit = 0; bit < 8; bit++) value |= levelAt(t + (bit + 1.5) * sampleTime) << bit;
      out.push(value);
      // A receiver resumes hunting for a start bit after the stop bit's middle, whatever it held.
      t += 9.5 * sampleTime;
      previous = levelAt(t);
      continue;
    }
    previous = level;
    t += step;
  }
  return Uint8Array.from(out);
}
