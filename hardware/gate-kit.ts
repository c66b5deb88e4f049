import type { GateConfig } from './gate-config.ts';
import type { GateLogger } from './gate-logger.ts';
import { ScannerLineParser, type ScannerLine } from './scanner-line-parser.ts';
import { SerialDevice, type BackoffOptions } from './serial-device.ts';
import type { Signals } from './signals.ts';
import { chooseLinkKind, isSocatOnPath, openSimulatedLink, type LinkKind, type SimulatedLink } from './sim/serial-link.ts';
import { SimulatedScanner } from './sim/simulated-scanner.ts';
import { SimulatedSignalBoard } from './sim/simulated-signal-board.ts';
import { SimulatedThermometerGun } from './sim/simulated-thermometer-gun.ts';
import { THERMOMETER_FORMATS } from './thermometer-formats.ts';
import { ThermometerGunParser, type GunReading } from './thermometer-gun-parser.ts';
import { UnattachedSignalBoard } from './unattached-signal-board.ts';

/** The ids the kiosk sees in events. */
export const DEVICE_IDS = { scanner: 'scanner', thermometer: 'thermometer', board: 'board' } as const;

export interface GateDevices {
  scanner: SerialDevice<ScannerLine>;
  thermometer: SerialDevice<GunReading>;
  thermometerOffsetC: number;
  signals: Signals;
}

/** The far side of the simulated kit, driven by the dock. */
export interface SimulatedKit {
  link: LinkKind;
  scanner: SimulatedScanner;
  gun: SimulatedThermometerGun;
  board: SimulatedSignalBoard;
}

export interface GateKit {
  devices: GateDevices;
  simulator: SimulatedKit | null;
  start(): void;
  close(): Promise<void>;
}

export interface GateKitOptions {
  logger: GateLogger;
  backoff?: Partial<BackoffOptions>;
  socatAvailable?: boolean;
}

export async function buildGateKit(config: GateConfig, options: GateKitOptions): Promise<GateKit> {
  const { logger } = options;
  const format = config.thermometer.format;
  const thermometerFormat = typeof format === 'string' ? THERMOMETER_FORMATS[format] : format;
  const links: SimulatedLink[] = [];
  let simulator: SimulatedKit | null = null;
  let scannerPath = config.scanner.path;
  let thermometerPath = config.thermometer.path;
  let scannerLink: SimulatedLink | null = null;
  let thermometerLink: SimulatedLink | null = null;

  if (config.simulate) {
    if (typeof format !== 'string') throw new Error('the simulated thermometer gun writes only built-in formats');
    const kind = chooseLinkKind(config.link, options.socatAvailable ?? isSocatOnPath());
    logger.info(
      kind === 'pty'
        ? 'simulated kit over socat pseudo-terminals (the real serial binding reads them)'
        : `simulated kit over serialport's MockBinding${config.link === 'auto' ? ' (socat not found: apt-get install socat for real pseudo-terminals)' : ''}`,
    );
    try {
      scannerLink = await openSimulatedLink(kind, 'scanner');
      links.push(scannerLink);
      thermometerLink = await openSimulatedLink(kind, 'thermometer');
      links.push(thermometerLink);
    } catch (error) {
      await Promise.all(links.map((link) => link.close()));
      throw error;
    }
    scannerPath = scannerLink.devicePath;
    thermometerPath = thermometerLink.devicePath;
    simulator = {
      link: kind,
      scanner: new SimulatedScanner(scannerLink, config.scanner.lineEnding),
      gun: new SimulatedThermometerGun(thermometerLink, format, config.thermometer.lineEnding),
      board: new SimulatedSignalBoard({ deviceId: DEVICE_IDS.board, link: kind, defaultPulseMs: config.gatePulseMs }),
    };
  }

  const devices: GateDevices = {
    scanner: new SerialDevice<ScannerLine>({
      deviceId: DEVICE_IDS.scanner,
      kind: 'scanner',
      path: scannerPath,
      baudRate: config.scanner.baudRate,
      binding: scannerLink?.binding,
      createParser: () => new ScannerLineParser({ lineEnding: config.scanner.lineEnding, ...config.scanner.format }),
      backoff: options.backoff,
    }),
    thermometer: new SerialDevice<GunReading>({
      deviceId: DEVICE_IDS.thermometer,
      kind: 'thermometer',
      path: thermometerPath,
      baudRate: config.thermometer.baudRate,
      binding: thermometerLink?.binding,
      createParser: () => new ThermometerGunParser({ format: thermometerFormat, lineEnding: config.thermometer.lineEnding }),
      backoff: options.backoff,
    }),
    thermometerOffsetC: config.thermometer.offsetC,
    signals: simulator?.board ?? new UnattachedSignalBoard(DEVICE_IDS.board, logger),
  };

  return {
    devices,
    simulator,
    start: () => {
      devices.scanner.start();
      devices.thermometer.start();
    },
    close: async () => {
      await Promise.all([devices.scanner.stop(), devices.thermometer.stop(), devices.signals.close()]);
      await Promise.all(links.map((link) => link.close()));
    },
  };
}
