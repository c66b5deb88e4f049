import { Transform, type TransformCallback } from 'node:stream';
import { SilenceWatch } from '../line-protocol/silence-watch.ts';
import { LineSplitter, type LineEnding, type LineResult } from '../line-protocol/line-splitter.ts';

export interface ScannerLineParserOptions {
  lineEnding?: LineEnding;
  /** Longest accepted line in bytes, terminator excluded (default 512). */
  maxLineBytes?: number;
  /** Stripped from the start of a line when present (scanners can be set to add one). */
  prefix?: string;
  /** Stripped from the end of a line when present. */
  suffix?: string;
  /** A partial line with no byte for this long is discarded with a reason (default 1000; null: never). */
  idleMs?: number | null;
}

export type ScannerLine = LineResult;

/** Bytes from a barcode/QR scanner in, one `ScannerLine` per terminated line out. */
export class ScannerLineParser extends Transform {
  private readonly splitter: LineSplitter;
  private readonly prefix: string;
  private readonly suffix: string;
  private readonly silence: SilenceWatch;

  constructor(options: ScannerLineParserOptions = {}) {
    super({ readableObjectMode: true });
    for (const key of ['prefix', 'suffix'] as const) {
      const value = options[key];
      if (value !== undefined && typeof value !== 'string') throw new TypeError(`${key} must be a string`);
    }
    this.splitter = new LineSplitter({ lineEnding: options.lineEnding ?? 'CRLF', maxLineBytes: options.maxLineBytes ?? 512 });
    this.silence = new SilenceWatch(options.idleMs === undefined ? 1000 : options.idleMs, () => {
      for (const line of this.splitter.expire(options.idleMs ?? 1000)) this.push(line);
    });
    this.prefix = options.prefix ?? '';
    this.suffix = options.suffix ?? '';
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const line of this.splitter.push(chunk)) this.push(this.strip(line));
    this.silence.activity(this.splitter.pending);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.silence.stop();
    for (const line of this.splitter.flush()) this.push(line);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.silence.stop();
    callback(error);
  }

  private strip(line: LineResult): LineResult {
    if (!line.ok) return line;
    let text = line.text;
    if (this.prefix && text.startsWith(this.prefix)) text = text.slice(this.prefix.length);
    if (this.suffix && text.endsWith(this.suffix)) text = text.slice(0, text.length - this.suffix.length);
    if (text.length === 0) return { ok: false, reason: 'line is empty once prefix and suffix are removed' };
    return { ok: true, text };
  }
}
