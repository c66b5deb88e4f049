import type { LineResult } from '../line-protocol/line-splitter.ts';
import { LineProtocolParser, type LineProtocolOptions } from '../line-protocol/line-protocol-parser.ts';

export interface ScannerLineParserOptions extends Partial<LineProtocolOptions> {
  /** Stripped from the start of a line when present (scanners can be set to add one). */
  prefix?: string;
  /** Stripped from the end of a line when present. */
  suffix?: string;
}

export type ScannerLine = LineResult;

/** Bytes from a barcode/QR scanner in, one `ScannerLine` per terminated line out (lines up to 512 bytes by default). */
export class ScannerLineParser extends LineProtocolParser<ScannerLine> {
  private readonly prefix: string;
  private readonly suffix: string;

  constructor(options: ScannerLineParserOptions = {}) {
    for (const key of ['prefix', 'suffix'] as const) {
      const value = options[key];
      if (value !== undefined && typeof value !== 'string') throw new TypeError(`${key} must be a string`);
    }
    super({ ...options, maxLineBytes: options.maxLineBytes ?? 512 });
    this.prefix = options.prefix ?? '';
    this.suffix = options.suffix ?? '';
  }

  protected interpret(line: string): ScannerLine {
    let text = line;
    if (this.prefix && text.startsWith(this.prefix)) text = text.slice(this.prefix.length);
    if (this.suffix && text.endsWith(this.suffix)) text = text.slice(0, text.length - this.suffix.length);
    if (text.length === 0) return { ok: false, reason: 'line is empty once prefix and suffix are removed' };
    return { ok: true, text };
  }
}
