import { Transform, type TransformCallback } from 'node:stream';

/**
 * The SAM serial protocol of second-generation ID-card readers (华视 CVR-100, 神思 SS628, 精伦
 * iDR210 …), as public implementations agree (docs/devices.md cites them): a preamble
 * `AA AA AA 96 69`, a 2-byte big-endian length of what follows, the payload, and an XOR check
 * over the length and the payload. Commands carry CMD and PARA; answers SW1 SW2 SW3, then data.
 */

export const PREAMBLE = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]);

export const SAM_COMMANDS = {
  findCard: [0x20, 0x01],
  selectCard: [0x20, 0x02],
  readText: [0x30, 0x01],
} as const;

/** SW3 status bytes the driver acts on. */
export const SAM_STATUS = {
  ok: 0x90,
  cardFound: 0x9f,
  checksumError: 0x10,
  noCard: 0x80,
  selectFailed: 0x81,
  readFailed: 0x41,
} as const;

/** A sane bound: the largest answer (text, photo and fingerprint) is under 4 kB. */
const MAX_LENGTH = 4096;

function xor(bytes: Uint8Array): number {
  return bytes.reduce((sum, byte) => sum ^ byte, 0);
}

/** A whole frame around `payload` (command or answer), with its length and XOR check. */
export function encodeSamFrame(payload: Uint8Array): Buffer {
  const length = payload.length + 1;
  const body = Buffer.concat([Buffer.from([length >> 8, length & 0xff]), payload]);
  return Buffer.concat([PREAMBLE, body, Buffer.from([xor(body)])]);
}

export type SamFrame = { ok: true; payload: Buffer } | { ok: false; reason: string };

/**
 * Bytes in, one SamFrame per frame out. Bytes before a preamble are skipped (a reader that was
 * mid-answer when the port opened); a frame whose check fails is reported, never passed on.
 */
export class SamFrameParser extends Transform {
  private buffer = Buffer.alloc(0);

  constructor() {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const start = this.buffer.indexOf(PREAMBLE);
      if (start < 0) {
        // Keep a possible partial preamble at the end.
        this.buffer = this.buffer.subarray(Math.max(0, this.buffer.length - (PREAMBLE.length - 1)));
        break;
      }
      const body = this.buffer.subarray(start + PREAMBLE.length);
      if (body.length < 2) break;
      const length = (body[0]! << 8) | body[1]!;
      if (length < 1 || length > MAX_LENGTH) {
        this.push({ ok: false, reason: `frame length ${length} is not plausible` } satisfies SamFrame);
        this.buffer = body;
        continue;
      }
      if (body.length < 2 + length) {
        this.buffer = this.buffer.subarray(start);
        break;
      }
      const checked = body.subarray(0, 1 + length);
      const check = body[1 + length]!;
      this.buffer = body.subarray(2 + length);
      this.push(
        xor(checked) === check
          ? ({ ok: true, payload: Buffer.from(body.subarray(2, 1 + length)) } satisfies SamFrame)
          : ({ ok: false, reason: 'frame check (XOR) mismatch: noise on the line?' } satisfies SamFrame),
      );
    }
    callback();
  }
}
