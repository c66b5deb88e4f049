/**
 * Splits a byte stream into decoded text lines. Shared by the scanner and the thermometer gun
 * parsers so both treat terminators, over-long lines and bad bytes the same way.
 */

export type LineEnding = 'CR' | 'LF' | 'CRLF';
export const LINE_ENDINGS: readonly LineEnding[] = ['CR', 'LF', 'CRLF'];

export type LineResult = { ok: true; text: string } | { ok: false; reason: string };

export interface LineSplitterOptions {
  lineEnding: LineEnding;
  /** Longest accepted line in bytes, terminator excluded. */
  maxLineBytes: number;
}

const CR = 0x0d;
const LF = 0x0a;
// C0, DEL and C1: a scanner never sends these inside a code, and they would corrupt a display or a log.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export class LineSplitter {
  private readonly lineEnding: LineEnding;
  private readonly maxLineBytes: number;
  private readonly line: Buffer;
  private length = 0;
  /** Set after an over-long line was reported: bytes are dropped until the next terminator. */
  private discarding = false;
  private previousWasCr = false;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(options: LineSplitterOptions) {
    if (!LINE_ENDINGS.includes(options.lineEnding)) {
      throw new TypeError(`lineEnding must be one of ${LINE_ENDINGS.join(', ')}, got ${String(options.lineEnding)}`);
    }
    if (!Number.isInteger(options.maxLineBytes) || options.maxLineBytes < 1 || options.maxLineBytes > 65_536) {
      throw new TypeError(`maxLineBytes must be an integer from 1 to 65536, got ${String(options.maxLineBytes)}`);
    }
    this.lineEnding = options.lineEnding;
    this.maxLineBytes = options.maxLineBytes;
    // One spare byte: in CRLF mode the CR of the terminator sits in the buffer until the LF arrives.
    this.line = Buffer.alloc(options.maxLineBytes + 1);
  }

  push(chunk: Uint8Array): LineResult[] {
    const results: LineResult[] = [];
    for (const byte of chunk) {
      const ends = this.endsLine(byte);
      this.previousWasCr = byte === CR;
      if (ends) {
        if (this.discarding) {
          this.discarding = false;
        } else {
          const bytes = this.lineEnding === 'CRLF' ? this.length - 1 : this.length;
          const result = this.decode(this.line.subarray(0, bytes));
          if (result) results.push(result);
        }
        this.length = 0;
        continue;
      }
      if (this.discarding) continue;
      const room = this.lineEnding === 'CRLF' && byte === CR ? this.maxLineBytes + 1 : this.maxLineBytes;
      if (this.length >= room) {
        results.push({ ok: false, reason: `line longer than ${this.maxLineBytes} bytes discarded` });
        this.discarding = true;
        this.length = 0;
        continue;
      }
      this.line[this.length++] = byte;
    }
    return results;
  }

  /**
   * A partial line at the end of the stream is refused, not passed on: a truncated 18-digit ID
   * number would otherwise read as a valid 15-digit legacy one.
   */
  flush(): LineResult[] {
    const pending = this.length > 0 && !this.discarding;
    this.length = 0;
    this.discarding = false;
    this.previousWasCr = false;
    return pending ? [{ ok: false, reason: 'incomplete line: the stream ended before the line terminator' }] : [];
  }

  /** Bytes of an unfinished line are waiting for their terminator. */
  get pending(): boolean {
    return this.length > 0 && !this.discarding;
  }

  /**
   * The device went quiet in the middle of a line (a scan cut short, a cable pulled half-way): the
   * partial line is discarded with a reason, so it cannot join the next line's bytes.
   */
  expire(silentMs: number): LineResult[] {
    const bytes = this.pending ? this.length : 0;
    this.length = 0;
    this.discarding = false;
    this.previousWasCr = false;
    return bytes > 0
      ? [{ ok: false, reason: `partial line (${bytes} bytes) followed by ${silentMs} ms of silence discarded` }]
      : [];
  }

  private endsLine(byte: number): boolean {
    switch (this.lineEnding) {
      case 'CR':
        return byte === CR;
      case 'LF':
        return byte === LF;
      case 'CRLF':
        return byte === LF && this.previousWasCr;
    }
  }

  private decode(bytes: Uint8Array): LineResult | null {
    // A blank line carries nothing to lose; some scanners send one after power-up.
    if (bytes.length === 0) return null;
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      return { ok: false, reason: 'line is not valid UTF-8' };
    }
    const control = CONTROL.exec(text);
    if (control) {
      const code = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      return { ok: false, reason: `line contains control character U+${code} at position ${control.index}` };
    }
    return { ok: true, text };
  }
}
