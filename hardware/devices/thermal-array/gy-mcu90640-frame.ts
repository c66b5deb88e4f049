import { Transform, type TransformCallback } from 'node:stream';
import { SilenceWatch } from '../line-protocol/silence-watch.ts';

/**
 * The serial frame of the GY-MCU90640, the common module that puts an MLX90640 (32×24) behind an
 * STM32F103 and streams computed temperatures over its UART (115200 baud by default, 460800 for
 * 8 Hz). Its layout, as four independent public readers of the module agree (docs/devices.md
 * cites them: vvkuryshev/GY-MCU90640-RPI-Python main.py, the temperaturelib SGY_MCU90640_32x24
 * parser, an MLX90640.h packet diagram, an ESP8266 reader's README), is 1544 bytes:
 *
 *   0–1     5A 5A                header
 *   2–3     02 06                size, little-endian: 0x0602 = 1538 bytes of temperatures and Ta follow
 *   4–1539  768 × int16 LE       pixel temperatures × 100 °C, row by row, 32 to a row
 *   1540–1541 int16 LE           Ta, the sensor's ambient, × 100 °C
 *   1542–1543 uint16 LE          checksum
 *
 * None of those readers checks the checksum, and the vendor's manual (a Chinese PDF) is not
 * readable here: we take it to be the low 16 bits of the sum of the 771 preceding little-endian
 * words, the usual form for this vendor's modules, and `verifyChecksum: false` turns the check off
 * should a real module disagree (the installer sees every frame refused for its checksum).
 *
 * Commands to the module are four bytes, `A5 cmd value sum` with sum the low byte of the three
 * before it: `A5 35 02 DC` streams frames continuously, `A5 35 01 DB` asks for one frame (and
 * stops the stream).
 */

export const FRAME_COLUMNS = 32;
export const FRAME_ROWS = 24;
export const FRAME_PIXELS = FRAME_COLUMNS * FRAME_ROWS;
export const FRAME_BYTES = 1544;
const SIZE = FRAME_PIXELS * 2 + 2;
/** Header and size together: the size never changes, so the four bytes are the frame's mark. */
const SYNC = Buffer.from([0x5a, 0x5a, SIZE & 0xff, SIZE >> 8]);
const TA_AT = 4 + FRAME_PIXELS * 2;
const CHECKSUM_AT = TA_AT + 2;

/** The MLX90640's own measuring ranges: outside them a value is a fault, not a temperature. */
const PIXEL_RANGE_C = { min: -40, max: 300 };
const AMBIENT_RANGE_C = { min: -40, max: 125 };

export const MODULE_COMMANDS = {
  streamFrames: Buffer.from([0xa5, 0x35, 0x02, 0xdc]),
  oneFrame: Buffer.from([0xa5, 0x35, 0x01, 0xdb]),
} as const;

/** A module command's last byte: the low byte of the sum of the three before it. */
export function commandChecksum(bytes: Uint8Array): number {
  return (bytes[0]! + bytes[1]! + bytes[2]!) & 0xff;
}

export interface ThermalImage {
  /** Row-major, top row first, FRAME_COLUMNS to a row. */
  pixelsC: Float64Array;
  ambientC: number;
}

export type ThermalFrameResult = { ok: true; image: ThermalImage } | { ok: false; reason: string };

function wordSum(frame: Uint8Array, end: number): number {
  let sum = 0;
  for (let at = 0; at < end; at += 2) sum = (sum + (frame[at]! | (frame[at + 1]! << 8))) & 0xffff;
  return sum;
}

/** A whole frame as the module writes it; values are rounded to its 0.01 °C. */
export function encodeThermalFrame(image: ThermalImage): Buffer {
  if (image.pixelsC.length !== FRAME_PIXELS)
    throw new TypeError(`a frame has ${FRAME_PIXELS} pixels, got ${image.pixelsC.length}`);
  const frame = Buffer.alloc(FRAME_BYTES);
  SYNC.copy(frame, 0);
  image.pixelsC.forEach((celsius, index) => frame.writeInt16LE(Math.round(celsius * 100), 4 + index * 2));
  frame.writeInt16LE(Math.round(image.ambientC * 100), TA_AT);
  frame.writeUInt16LE(wordSum(frame, CHECKSUM_AT), CHECKSUM_AT);
  return frame;
}

function decodeFrame(frame: Buffer, verifyChecksum: boolean): ThermalFrameResult {
  if (verifyChecksum && wordSum(frame, CHECKSUM_AT) !== frame.readUInt16LE(CHECKSUM_AT))
    return { ok: false, reason: 'thermal frame checksum mismatch: noise on the line?' };
  const pixelsC = new Float64Array(FRAME_PIXELS);
  let faulty = 0;
  for (let index = 0; index < FRAME_PIXELS; index++) {
    const celsius = frame.readInt16LE(4 + index * 2) / 100;
    if (celsius < PIXEL_RANGE_C.min || celsius > PIXEL_RANGE_C.max) faulty += 1;
    pixelsC[index] = celsius;
  }
  const ambientC = frame.readInt16LE(TA_AT) / 100;
  if (ambientC < AMBIENT_RANGE_C.min || ambientC > AMBIENT_RANGE_C.max)
    return { ok: false, reason: `thermal array reports an ambient of ${ambientC} °C: a sensor fault` };
  if (faulty > 0)
    return {
      ok: false,
      reason: `${faulty} of ${FRAME_PIXELS} pixels outside ${PIXEL_RANGE_C.min}…${PIXEL_RANGE_C.max} °C: a sensor fault`,
    };
  return { ok: true, image: { pixelsC, ambientC } };
}

/** How many bytes at the end could be the start of the next frame's mark. */
function partialSyncAtEnd(buffer: Buffer): number {
  for (let keep = Math.min(SYNC.length - 1, buffer.length); keep > 0; keep--)
    if (buffer.subarray(buffer.length - keep).equals(SYNC.subarray(0, keep))) return keep;
  return 0;
}

export interface ThermalFrameParserOptions {
  /** Default true; see the module comment for why it can be turned off. */
  verifyChecksum?: boolean;
  /** A frame still unfinished after this long of silence is reported and dropped (default 500; null: never). */
  idleMs?: number | null;
}

/**
 * Bytes in, one ThermalFrameResult per frame out. Before the first good frame, bytes ahead of a
 * frame's mark are skipped quietly (the port opened mid-frame); after it, skipped bytes are noise
 * and reported (a frame of another size among them). A bad checksum, a frame cut off by silence
 * or by the end of the stream are reported with their reason, never passed on as an image.
 */
export class ThermalFrameParser extends Transform {
  readonly #verifyChecksum: boolean;
  readonly #silence: SilenceWatch;
  #buffer = Buffer.alloc(0);
  #synced = false;
  /** Noise since the last frame, reported in one piece when the next frame's mark turns up. */
  #skippedBytes = 0;

  constructor(options: ThermalFrameParserOptions = {}) {
    super({ readableObjectMode: true });
    this.#verifyChecksum = options.verifyChecksum ?? true;
    const idleMs = options.idleMs === undefined ? 500 : options.idleMs;
    this.#silence = new SilenceWatch(idleMs, () => this.#dropPartial('silence'));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const start = this.#buffer.indexOf(SYNC);
      if (start < 0) {
        const keep = partialSyncAtEnd(this.#buffer);
        this.#skipped(this.#buffer.length - keep);
        this.#buffer = this.#buffer.subarray(this.#buffer.length - keep);
        break;
      }
      this.#skipped(start);
      this.#reportSkipped();
      this.#buffer = this.#buffer.subarray(start);
      if (this.#buffer.length < FRAME_BYTES) break;
      const result = decodeFrame(this.#buffer.subarray(0, FRAME_BYTES), this.#verifyChecksum);
      this.#buffer = this.#buffer.subarray(FRAME_BYTES);
      if (result.ok) this.#synced = true;
      this.push(result);
    }
    this.#silence.activity(this.#buffer.length > 0);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.#silence.stop();
    this.#dropPartial('the end of the stream');
    this.#reportSkipped();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#silence.stop();
    callback(error);
  }

  #skipped(count: number): void {
    if (this.#synced) this.#skippedBytes += count;
  }

  #reportSkipped(): void {
    if (this.#skippedBytes === 0) return;
    this.push({ ok: false, reason: `skipped ${this.#skippedBytes} bytes between thermal frames: noise on the line?` });
    this.#skippedBytes = 0;
  }

  #dropPartial(cause: string): void {
    if (this.#buffer.length === 0) return;
    const length = this.#buffer.length;
    this.#buffer = Buffer.alloc(0);
    if (this.#synced || length >= 4)
      this.push({ ok: false, reason: `thermal frame cut off by ${cause} after ${length} of ${FRAME_BYTES} bytes` });
  }
}
