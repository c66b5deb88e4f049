import type { LineEnding } from '../devices/line-protocol/line-splitter.ts';
import type { SimulatedLink } from './serial-link.ts';

export const TERMINATORS: Record<LineEnding, string> = { CR: '\r', LF: '\n', CRLF: '\r\n' };

/** A barcode/QR scanner as the serial port sees it: the code's UTF-8 bytes, then the terminator. */
export class SimulatedScanner {
  private readonly link: SimulatedLink;
  private readonly terminator: string;

  constructor(link: SimulatedLink, lineEnding: LineEnding = 'CRLF') {
    this.link = link;
    this.terminator = TERMINATORS[lineEnding];
  }

  scan(text: string): Promise<void> {
    return this.link.write(Buffer.from(`${text}${this.terminator}`, 'utf8'));
  }
}
