import { describe, expect, it } from 'vitest';
import {
  commandChecksum,
  encodeThermalFrame,
  FRAME_BYTES,
  FRAME_PIXELS,
  MODULE_COMMANDS,
  ThermalFrameParser,
  type ThermalFrameResult,
} from './gy-mcu90640-frame.ts';

function image(hotAt = 100, hotC = 36.87, ambientC = 21.5) {
  const pixelsC = new Float64Array(FRAME_PIXELS).fill(ambientC);
  pixelsC[hotAt] = hotC;
  return { pixelsC, ambientC };
}

function parse(chunks: Buffer[], options?: ConstructorParameters<typeof ThermalFrameParser>[0]): ThermalFrameResult[] {
  const parser = new ThermalFrameParser({ idleMs: null, ...options });
  const out: ThermalFrameResult[] = [];
  parser.on('data', (result: ThermalFrameResult) => out.push(result));
  for (const chunk of chunks) parser.write(chunk);
  parser.end();
  return out;
}

const summary = (results: ThermalFrameResult[]) =>
  results.map((r) => (r.ok ? { ok: true, max: Math.max(...r.image.pixelsC), ambientC: r.image.ambientC } : r));

describe('GY-MCU90640 frames', () => {
  it('lays a frame out as the public readers of the module read it', () => {
    const frame = encodeThermalFrame(image(0, -3.25, 21.5));
    expect(frame).toHaveLength(1544);
    expect([...frame.subarray(0, 4)]).toEqual([0x5a, 0x5a, 0x02, 0x06]);
    // T1 = (byte5*256 + byte4)/100, signed; TA = (byte1541*256 + byte1540)/100.
    expect(frame.readInt16LE(4)).toBe(-325);
    expect((frame[1541]! * 256 + frame[1540]!) / 100).toBe(21.5);
    expect(frame.readInt16LE(6) / 100).toBe(21.5);
  });

  it('sends the commands with the checksums published for the module', () => {
    expect([...MODULE_COMMANDS.streamFrames]).toEqual([0xa5, 0x35, 0x02, 0xdc]);
    expect([...MODULE_COMMANDS.oneFrame]).toEqual([0xa5, 0x35, 0x01, 0xdb]);
    // The 4 Hz rate command as vvkuryshev/GY-MCU90640-RPI-Python sends it.
    expect(commandChecksum(Uint8Array.from([0xa5, 0x25, 0x01]))).toBe(0xcb);
  });

  it('reads a frame split at any byte, with the module ambient and every pixel', () => {
    const stream = Buffer.concat([encodeThermalFrame(image(5, 36.87)), encodeThermalFrame(image(700, 37.2))]);
    for (const cut of [1, 2, 3, 4, 5, 777, 1540, 1542, 1543, 1544, 1545, 2000, 3087]) {
      expect(summary(parse([stream.subarray(0, cut), stream.subarray(cut)]))).toEqual([
        { ok: true, max: 36.87, ambientC: 21.5 },
        { ok: true, max: 37.2, ambientC: 21.5 },
      ]);
    }
  });

  it('skips the tail of a frame quietly when the port opens mid-stream, and reports noise once in step', () => {
    const frame = encodeThermalFrame(image());
    const results = parse([frame.subarray(900), frame, Buffer.from([1, 2, 3, 0x5a]), frame]);
    expect(summary(results)).toEqual([
      { ok: true, max: 36.87, ambientC: 21.5 },
      { ok: false, reason: 'skipped 4 bytes between thermal frames: noise on the line?' },
      { ok: true, max: 36.87, ambientC: 21.5 },
    ]);
  });

  it('refuses a frame whose checksum is wrong, and reads the next; the check can be turned off', () => {
    const bad = encodeThermalFrame(image());
    bad[600] = bad[600]! ^ 0x01;
    const good = encodeThermalFrame(image());
    expect(summary(parse([bad, good]))).toEqual([
      { ok: false, reason: 'thermal frame checksum mismatch: noise on the line?' },
      { ok: true, max: 36.87, ambientC: 21.5 },
    ]);
    expect(parse([bad], { verifyChecksum: false })[0]!.ok).toBe(true);
  });

  it('skips a frame of another size as noise, and finds the next real one', () => {
    const good = encodeThermalFrame(image());
    const other = Buffer.from(good);
    other.writeUInt16LE(0x0300, 2);
    expect(summary(parse([good, other.subarray(0, 10), good]))).toEqual([
      { ok: true, max: 36.87, ambientC: 21.5 },
      { ok: false, reason: 'skipped 10 bytes between thermal frames: noise on the line?' },
      { ok: true, max: 36.87, ambientC: 21.5 },
    ]);
  });

  it('calls pixels outside the sensor range a fault, not a temperature', () => {
    const broken = image();
    broken.pixelsC[3] = 320;
    expect(parse([encodeThermalFrame(broken)])).toEqual([
      { ok: false, reason: '1 of 768 pixels outside -40…300 °C: a sensor fault' },
    ]);
    expect(parse([encodeThermalFrame({ ...image(), ambientC: 126 })])).toEqual([
      { ok: false, reason: 'thermal array reports an ambient of 126 °C: a sensor fault' },
    ]);
  });

  it('reports a frame cut off by the end of the stream or by silence', async () => {
    const frame = encodeThermalFrame(image());
    expect(parse([frame, frame.subarray(0, 1000)]).at(-1)).toEqual({
      ok: false,
      reason: 'thermal frame cut off by the end of the stream after 1000 of 1544 bytes',
    });
    const parser = new ThermalFrameParser({ idleMs: 30 });
    const out: ThermalFrameResult[] = [];
    parser.on('data', (result: ThermalFrameResult) => out.push(result));
    parser.write(Buffer.concat([frame, frame.subarray(0, FRAME_BYTES - 1)]));
    await new Promise((resolve) => setTimeout(resolve, 80));
    parser.write(frame);
    expect(summary(out)).toEqual([
      { ok: true, max: 36.87, ambientC: 21.5 },
      { ok: false, reason: 'thermal frame cut off by silence after 1543 of 1544 bytes' },
      { ok: true, max: 36.87, ambientC: 21.5 },
    ]);
    parser.destroy();
  });
});
