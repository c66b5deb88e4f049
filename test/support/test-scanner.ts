import { ScannerLineParser, type ScannerLine } from '../../hardware/devices/scanner/scanner-line-parser.ts';
import { SerialDevice } from '../../hardware/devices/connection/serial-device.ts';

type ScannerOptions = ConstructorParameters<typeof SerialDevice<ScannerLine>>[0];

/** A scanner on `path` with back-off and presence checks in milliseconds, so tests of unplugging run fast. */
export function testScanner(path: string, extra: Partial<ScannerOptions> = {}): SerialDevice<ScannerLine> {
  return new SerialDevice<ScannerLine>({
    deviceId: 'scanner',
    kind: 'scanner',
    path,
    baudRate: 9600,
    createParser: () => new ScannerLineParser(),
    backoff: { initialMs: 5, maxMs: 20, failAfterAttempts: 3 },
    presenceCheckMs: 20,
    ...extra,
  });
}
