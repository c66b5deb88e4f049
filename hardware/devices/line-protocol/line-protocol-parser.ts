import { Transform, type TransformCallback } from 'node:stream';
import { LineSplitter, type LineEnding } from './line-splitter.ts';
import { SilenceWatch } from './silence-watch.ts';

export interface LineProtocolOptions {
  /** Default CRLF. */
  lineEnding?: LineEnding;
  /** Longest accepted line in bytes, terminator excluded. */
  maxLineBytes: number;
  /** A partial line with no byte for this long is discarded with a reason (default 1000; null: never). */
  idleMs?: number | null;
}

/** A line that could not be read, or whose text the device's protocol refused. */
export interface LineRefusal {
  ok: false;
  reason: string;
}

const DEFAULT_IDLE_MS = 1000;

/**
 * The shell every line protocol shares (as node-serialport's ReadlineParser builds on its
 * DelimiterParser): bytes in, split into lines with the same rules for terminators, over-long
 * lines, bad bytes and a line cut off by silence; each good line mapped by the device's own
 * `interpret`, each bad one passed on as a refusal with its reason.
 */
export abstract class LineProtocolParser<T> extends Transform {
  readonly #splitter: LineSplitter;
  readonly #silence: SilenceWatch;

  constructor(options: LineProtocolOptions) {
    super({ readableObjectMode: true });
    this.#splitter = new LineSplitter({ lineEnding: options.lineEnding ?? 'CRLF', maxLineBytes: options.maxLineBytes });
    const idleMs = options.idleMs === undefined ? DEFAULT_IDLE_MS : options.idleMs;
    this.#silence = new SilenceWatch(idleMs, () => {
      for (const line of this.#splitter.expire(idleMs ?? DEFAULT_IDLE_MS)) this.push(line);
    });
  }

  /** What one complete, decoded line means to the device's protocol. */
  protected abstract interpret(text: string): T | LineRefusal;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const line of this.#splitter.push(chunk)) this.push(line.ok ? this.interpret(line.text) : line);
    this.#silence.activity(this.#splitter.pending);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.#silence.stop();
    for (const line of this.#splitter.flush()) this.push(line);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#silence.stop();
    callback(error);
  }
}
