import type { EventEmitter } from 'node:events';
import type { DeviceStatus } from '../protocol/hardware-events.ts';
import type { ThermometerJudgement } from './devices/device-events.ts';
import { FirmataBoardLink } from './devices/board/firmata-board-link.ts';
import { FirmataSignals } from './devices/board/firmata-signals.ts';
import { IdCardReader } from './devices/id-card/id-card-reader.ts';
import type { GateConfig } from './config/gate-config.ts';
import type { GateLogger } from './service/gate-logger.ts';
import { Mlx90614Thermometer } from './devices/thermometer/mlx90614-thermometer.ts';
import { ScannerLineParser, type ScannerLine } from './devices/scanner/scanner-line-parser.ts';
import type { BackoffOptions } from './devices/connection/device-lifecycle.ts';
import { SerialDevice } from './devices/connection/serial-device.ts';
import type { Signals } from './devices/board/signals.ts';
import { chooseLinkKind, isSocatOnPath } from './sim/serial-link.ts';
import { SimulatedKit } from './sim/simulated-kit.ts';
import { THERMOMETER_FORMATS } from './devices/thermometer/thermometer-formats.ts';
import { ThermometerGunParser, type GunReading } from './devices/thermometer/thermometer-gun-parser.ts';
import type { ThermometerReading } from './devices/thermometer/thermometer-reading.ts';
import { ThermalArrayThermometer } from './devices/thermal-array/thermal-array-thermometer.ts';
import { UnattachedSignalBoard } from './devices/board/unattached-signal-board.ts';

/** The ids the kiosk sees in events. */
export const DEVICE_IDS = {
  scanner: 'scanner',
  thermometer: 'thermometer',
  board: 'board',
  idCardReader: 'id-card-reader',
} as const;

/** A serial gun, the infrared sensor on the board or a thermal array: either way, statuses and subject readings. */
export type ThermometerDriver = EventEmitter<{ status: [DeviceStatus]; data: [ThermometerReading] }> & {
  readonly status: DeviceStatus;
  start(): void;
  stop(): Promise<void>;
};

export interface GateDevices {
  scanner: SerialDevice<ScannerLine>;
  thermometer: ThermometerDriver;
  thermometerJudgement: ThermometerJudgement;
  signals: Signals;
  /** Null when no ID-card reader is configured. */
  idCardReader: IdCardReader | null;
}

export interface GateKit {
  devices: GateDevices;
  /** The Firmata board's link, for the doctor (the firmware it names); null when none is configured. */
  boardLink: FirmataBoardLink | null;
  simulator: SimulatedKit | null;
  start(): void;
  close(): Promise<void>;
}

export interface GateKitOptions {
  logger: GateLogger;
  backoff?: Partial<BackoffOptions>;
  socatAvailable?: boolean;
}

/** The gate's drivers for its configuration: on real ports, or on the simulated kit's links. */
export async function buildGateKit(config: GateConfig, options: GateKitOptions): Promise<GateKit> {
  const { logger, backoff } = options;
  const { scanner, thermometer, idCardReader } = config;
  const boardConfig = config.board;
  let simulator: SimulatedKit | null = null;

  if (config.simulate) {
    const kind = chooseLinkKind(config.link, options.socatAvailable ?? isSocatOnPath());
    logger.info(
      kind === 'pty'
        ? 'simulated kit over socat pseudo-terminals (the real serial binding reads them)'
        : `simulated kit over serialport's MockBinding${config.link === 'auto' ? ' (socat not found: apt-get install socat for real pseudo-terminals)' : ''}; unplug and replug need socat`,
    );
    // The configuration's own validation refuses both; a direct caller gets the same answer.
    if (thermometer.kind === 'gun' && typeof thermometer.format !== 'string')
      throw new Error('the simulated thermometer gun writes only built-in formats');
    if (!boardConfig) throw new Error('the simulated kit includes its Firmata board');
    simulator = await SimulatedKit.open({
      link: kind,
      scanner: { lineEnding: scanner.lineEnding },
      thermometer:
        thermometer.kind === 'gun'
          ? { kind: 'gun', format: thermometer.format as keyof typeof THERMOMETER_FORMATS, lineEnding: thermometer.lineEnding }
          : { kind: thermometer.kind },
      board: { pins: boardConfig.pins, relayActiveLow: boardConfig.relayActiveLow, emulation: config.simulatedBoard },
      idCardReader: idCardReader !== null,
    });
  }
  const links = simulator?.links;

  const board = boardConfig
    ? new FirmataBoardLink({
        deviceId: DEVICE_IDS.board,
        path: links?.board.devicePath ?? boardConfig.path,
        baudRate: boardConfig.baudRate,
        binding: links?.board.binding,
        reportVersionAfterMs: config.simulate ? 50 : boardConfig.reportVersionAfterMs,
        handshakeTimeoutMs: boardConfig.handshakeTimeoutMs,
        backoff,
      })
    : null;

  let thermometerDriver: ThermometerDriver;
  if (thermometer.kind === 'gun') {
    const format = typeof thermometer.format === 'string' ? THERMOMETER_FORMATS[thermometer.format] : thermometer.format;
    thermometerDriver = new SerialDevice<GunReading>({
      deviceId: DEVICE_IDS.thermometer,
      kind: 'thermometer',
      path: links?.gun?.devicePath ?? thermometer.path,
      baudRate: thermometer.baudRate,
      binding: links?.gun?.binding,
      createParser: () => new ThermometerGunParser({ format, lineEnding: thermometer.lineEnding, idleMs: thermometer.idleMs }),
      backoff,
    });
  } else if (thermometer.kind === 'thermal-array') {
    thermometerDriver = new ThermalArrayThermometer({
      ...thermometer,
      deviceId: DEVICE_IDS.thermometer,
      path: links?.thermalArray?.devicePath ?? thermometer.path,
      binding: links?.thermalArray?.binding,
      backoff,
    });
  } else {
    thermometerDriver = new Mlx90614Thermometer({ ...thermometer, deviceId: DEVICE_IDS.thermometer, board: board! });
  }

  const signals: Signals = board
    ? new FirmataSignals({
        board,
        pins: boardConfig!.pins,
        relayActiveLow: boardConfig!.relayActiveLow,
        defaultPulseMs: boardConfig!.relayPulseMs,
        logger,
      })
    : new UnattachedSignalBoard(DEVICE_IDS.board, logger);
  if (simulator && signals instanceof FirmataSignals) simulator.buzzerPattern = () => signals.buzzerPattern;

  const devices: GateDevices = {
    scanner: new SerialDevice<ScannerLine>({
      deviceId: DEVICE_IDS.scanner,
      kind: 'scanner',
      path: links?.scanner.devicePath ?? scanner.path,
      baudRate: scanner.baudRate,
      binding: links?.scanner.binding,
      createParser: () => new ScannerLineParser({ lineEnding: scanner.lineEnding, idleMs: scanner.idleMs, ...scanner.format }),
      backoff,
    }),
    thermometer: thermometerDriver,
    thermometerJudgement: { calibration: thermometer.calibration, ratedAmbientC: thermometer.ratedAmbientC },
    signals,
    idCardReader: idCardReader
      ? new IdCardReader({
          ...idCardReader,
          deviceId: DEVICE_IDS.idCardReader,
          path: links?.idCardReader?.devicePath ?? idCardReader.path,
          binding: links?.idCardReader?.binding,
          backoff,
        })
      : null,
  };

  return {
    devices,
    boardLink: board,
    simulator,
    start: () => {
      devices.scanner.start();
      devices.thermometer.start();
      devices.idCardReader?.start();
      board?.start();
    },
    close: async () => {
      await devices.signals.close();
      await Promise.all([devices.scanner.stop(), devices.thermometer.stop(), devices.idCardReader?.stop()]);
      await board?.stop();
      await simulator?.close();
    },
  };
}
