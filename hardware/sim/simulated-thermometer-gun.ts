import type { LineEnding } from '../devices/line-protocol/line-splitter.ts';
import { formatThermometerLine, type ThermometerFormatName } from '../devices/thermometer/thermometer-formats.ts';
import type { SimulatedLink } from './serial-link.ts';
import { TERMINATORS } from './simulated-scanner.ts';

/** An infrared thermometer gun writing one reading line in its configured format. */
export class SimulatedThermometerGun {
  private readonly link: SimulatedLink;
  private readonly format: ThermometerFormatName;
  private readonly terminator: string;

  constructor(link: SimulatedLink, format: ThermometerFormatName, lineEnding: LineEnding = 'CRLF') {
    this.link = link;
    this.format = format;
    this.terminator = TERMINATORS[lineEnding];
  }

  measure(objectC: number, ambientC: number | null): Promise<void> {
    return this.link.write(Buffer.from(`${formatThermometerLine(this.format, objectC, ambientC)}${this.terminator}`, 'ascii'));
  }
}
