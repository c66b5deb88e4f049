import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DeviceId } from '../../protocol/common.ts';
import { HEARTBEAT_INTERVAL_MS } from '../operations/gate-heartbeat.ts';
import { DEFAULT_FORWARDER_TIMING } from '../spool/forwarder.ts';
import { DEFAULT_RETENTION_DAYS } from '../spool/spool.ts';
import { LINE_ENDINGS } from '../devices/line-protocol/line-splitter.ts';
import { DEFAULT_ID_CARD_READER } from '../devices/id-card/id-card-reader.ts';
import { DEFAULT_THERMAL_ARRAY } from '../devices/thermal-array/thermal-array-thermometer.ts';
import { DEFAULT_MLX90614 } from '../devices/thermometer/mlx90614-thermometer.ts';
import { DEFAULT_PRESENCE } from '../devices/thermometer/presence-window.ts';
import { CalibrationRecord, DEFAULT_RATED_AMBIENT, RatedAmbient } from '../devices/thermometer/thermometer-calibration.ts';
import {
  DEFAULT_THERMOMETER_FORMAT,
  THERMOMETER_FORMATS,
  ThermometerFormat,
  type ThermometerFormatName,
} from '../devices/thermometer/thermometer-formats.ts';

const LineEndingSchema = z.enum(LINE_ENDINGS as ['CR', 'LF', 'CRLF']);
const formatNames = Object.keys(THERMOMETER_FORMATS) as [ThermometerFormatName, ...ThermometerFormatName[]];

const ScannerConfig = z
  .object({
    path: z.string().min(1).default('/dev/ttyACM0'),
    baudRate: z.number().int().positive().default(9600),
    lineEnding: LineEndingSchema.default('CRLF'),
    format: z
      .object({ prefix: z.string().default(''), suffix: z.string().default('') })
      .strict()
      .prefault({}),
    /** A partial line with no byte for this long is discarded with a reason; null: never. */
    idleMs: z.number().int().min(10).max(60_000).nullable().default(1000),
  })
  .strict();

/** Where a thermometer's readings are corrected and judged: calibration record and rated ambient range. */
const ThermometerJudgement = {
  /** The last calibration; without one every reading says its calibration is unknown. */
  calibration: CalibrationRecord.nullable().default(null),
  ratedAmbientC: RatedAmbient.default(DEFAULT_RATED_AMBIENT),
};

const GunConfig = z
  .object({
    kind: z.literal('gun'),
    path: z.string().min(1).default('/dev/ttyUSB0'),
    baudRate: z.number().int().positive().default(9600),
    lineEnding: LineEndingSchema.default('CRLF'),
    /** A built-in format's name, or a format of its own. */
    format: z.union([z.enum(formatNames), ThermometerFormat.strict()]).default(DEFAULT_THERMOMETER_FORMAT),
    idleMs: z.number().int().min(10).max(60_000).nullable().default(1000),
    ...ThermometerJudgement,
  })
  .strict();

const CelsiusRange = z
  .object({ min: z.number().min(-70).max(380), max: z.number().min(-70).max(380) })
  .strict()
  .refine((range) => range.min < range.max, { message: 'min must be below max' });

const Mlx90614Config = z
  .object({
    kind: z.literal('mlx90614'),
    /** 7-bit I2C address; 0x5A (90) unless re-addressed. */
    address: z.number().int().min(0x08).max(0x77).default(DEFAULT_MLX90614.address),
    sampleMs: z.number().int().min(20).max(5_000).default(DEFAULT_MLX90614.sampleMs),
    answerTimeoutMs: z.number().int().min(50).max(30_000).default(DEFAULT_MLX90614.answerTimeoutMs),
    presence: z
      .object({
        skinRangeC: CelsiusRange.default(DEFAULT_PRESENCE.skinRangeC),
        windowSize: z.number().int().min(1).max(50).default(DEFAULT_PRESENCE.windowSize),
        maxSpreadC: z.number().positive().max(5).default(DEFAULT_PRESENCE.maxSpreadC),
      })
      .strict()
      .prefault({}),
    plausibleC: CelsiusRange.default(DEFAULT_MLX90614.plausibleC),
    ...ThermometerJudgement,
  })
  .strict();

/** A GY-MCU90640 (MLX90640 32×24 behind an STM32) streaming temperature frames over serial. */
const ThermalArrayConfig = z
  .object({
    kind: z.literal('thermal-array'),
    path: z.string().min(1).default('/dev/ttyUSB2'),
    /** 115200 (the module's default, 4 frames a second) or 460800 (for 8). */
    baudRate: z.number().int().positive().default(DEFAULT_THERMAL_ARRAY.baudRate),
    faces: z
      .object({
        skinRangeC: CelsiusRange.default(DEFAULT_THERMAL_ARRAY.faces.skinRangeC),
        minFacePixels: z.number().int().min(2).max(768).default(DEFAULT_THERMAL_ARRAY.faces.minFacePixels),
        minBlobPixels: z.number().int().min(1).max(768).default(DEFAULT_THERMAL_ARRAY.faces.minBlobPixels),
      })
      .strict()
      .prefault({}),
    windowSize: z.number().int().min(1).max(50).default(DEFAULT_THERMAL_ARRAY.windowSize),
    maxSpreadC: z.number().positive().max(5).default(DEFAULT_THERMAL_ARRAY.maxSpreadC),
    /** Turn off only if a real module's frames are all refused for their checksum (docs/devices.md). */
    verifyChecksum: z.boolean().default(DEFAULT_THERMAL_ARRAY.verifyChecksum),
    frameTimeoutMs: z.number().int().min(200).max(60_000).default(DEFAULT_THERMAL_ARRAY.frameTimeoutMs),
    refusedFramesToReopen: z.number().int().min(1).max(1000).default(DEFAULT_THERMAL_ARRAY.refusedFramesToReopen),
    ...ThermometerJudgement,
  })
  .strict();

/** A thermometer without a kind is a serial gun: the only kind older configurations knew. */
const ThermometerConfig = z.preprocess(
  (input) => (input && typeof input === 'object' && !('kind' in input) ? { ...input, kind: 'gun' } : input),
  z.discriminatedUnion('kind', [GunConfig, Mlx90614Config, ThermalArrayConfig]),
);

const Pin = z.number().int().min(0).max(127);

const BoardConfig = z
  .object({
    /** An Arduino (Uno, Nano, Mega) running StandardFirmata. */
    path: z.string().min(1).default('/dev/ttyACM1'),
    baudRate: z.number().int().positive().default(57600),
    pins: z
      .object({ green: Pin.default(5), red: Pin.default(6), buzzer: Pin.default(8), relay: Pin.default(7) })
      .strict()
      .prefault({})
      .refine((pins) => new Set(Object.values(pins)).size === 4, {
        message: 'green, red, buzzer and relay need four different pins',
      }),
    relayActiveLow: z.boolean().default(false),
    /** Relay pulse when the kiosk's gate command names none. */
    relayPulseMs: z.number().int().min(100).max(10_000).default(1500),
    reportVersionAfterMs: z.number().int().min(50).max(30_000).default(1000),
    handshakeTimeoutMs: z.number().int().min(500).max(60_000).default(10_000),
  })
  .strict();

/** The spool and its forwarder (docs/reliability.md). The timing is for drills and odd networks; the defaults suit a gate. */
const SpoolConfig = z
  .object({
    /** Days an answered entry stays on the gate after the server's answer, to refill a restored server. */
    retentionDays: z.number().int().min(1).max(366).default(DEFAULT_RETENTION_DAYS),
    probeMs: z.number().int().min(50).max(60_000).default(DEFAULT_FORWARDER_TIMING.probeMs),
    baseBackoffMs: z.number().int().min(50).max(60_000).default(DEFAULT_FORWARDER_TIMING.baseBackoffMs),
    maxBackoffMs: z.number().int().min(100).max(3_600_000).default(DEFAULT_FORWARDER_TIMING.maxBackoffMs),
  })
  .strict()
  .refine((spool) => spool.baseBackoffMs <= spool.maxBackoffMs, { message: 'baseBackoffMs must not exceed maxBackoffMs' });

/** A second-generation ID-card reader (SAM protocol: 华视 CVR-100, 神思 SS628, 精伦 iDR210 …). */
const IdCardReaderConfig = z
  .object({
    path: z.string().min(1).default('/dev/ttyUSB1'),
    /** 115200 for most readers; older models 9600. */
    baudRate: z.number().int().positive().default(DEFAULT_ID_CARD_READER.baudRate),
    pollMs: z.number().int().min(20).max(5_000).default(DEFAULT_ID_CARD_READER.pollMs),
    answerTimeoutMs: z.number().int().min(100).max(30_000).default(DEFAULT_ID_CARD_READER.answerTimeoutMs),
  })
  .strict();

export const GateConfig = z
  .object({
    port: z.number().int().min(0).max(65_535).default(8081),
    host: z.string().min(1).default('127.0.0.1'),
    /**
     * Names a screen may use for the gate beyond loopback and the gate's own addresses (a name in the
     * community's DNS); any other Host is refused with 421, so DNS rebinding gets nowhere.
     */
    hostNames: z.array(z.string().min(1).max(253)).max(32).default([]),
    serverUrl: z.url({ protocol: /^https?$/ }),
    /**
     * The CA certificate (PEM) the server's certificate must chain to: the community's own CA
     * (`npm run tls -- init` makes one). Null: the system's CAs, for a server with a public certificate.
     */
    serverCa: z.string().min(1).nullable().default(null),
    deviceId: DeviceId,
    gateId: z.string().min(1).max(64),
    deviceToken: z.string().min(1),
    dataDir: z.string().min(1).default('data/gate'),
    kioskDir: z.string().min(1).default('dist/kiosk'),
    simulate: z.boolean().default(true),
    link: z.enum(['auto', 'pty', 'mock']).default('auto'),
    /** With simulate: the JS Firmata emulator, or the real StandardFirmata on an emulated ATmega328P. */
    simulatedBoard: z.enum(['js', 'standard-firmata']).default('js'),
    scanner: ScannerConfig.prefault({}),
    thermometer: ThermometerConfig.prefault({}),
    /** The Firmata board for lights, buzzer, relay (and the MLX90614); null: none fitted. */
    board: BoardConfig.nullable().prefault({}),
    spool: SpoolConfig.prefault({}),
    /** How often the gate tells the server how it is (the Fleet page); shorter for drills. */
    heartbeatMs: z.number().int().min(1_000).max(3_600_000).default(HEARTBEAT_INTERVAL_MS),
    /** The ID-card reader; null (the default): none fitted. With simulate, a simulated one. */
    idCardReader: IdCardReaderConfig.nullable().default(null),
  })
  .strict()
  .superRefine((config, context) => {
    // The device token and every entry go to the server: over TLS, unless it is on this machine.
    const server = new URL(config.serverUrl);
    if (server.protocol === 'http:' && !isLoopbackHost(server.hostname))
      context.addIssue({
        code: 'custom',
        path: ['serverUrl'],
        message: 'the community server is reached over https:// (http:// only for a server on this machine)',
      });
    if (server.protocol === 'http:' && config.serverCa !== null)
      context.addIssue({ code: 'custom', path: ['serverCa'], message: 'serverCa needs an https:// serverUrl' });
    const { thermometer } = config;
    if (config.simulate && thermometer.kind === 'gun' && typeof thermometer.format !== 'string') {
      context.addIssue({
        code: 'custom',
        path: ['thermometer', 'format'],
        message: `the simulated thermometer gun writes only built-in formats (${formatNames.join(', ')})`,
      });
    }
    if (config.simulate && config.board === null) {
      context.addIssue({
        code: 'custom',
        path: ['board'],
        message: 'the simulated kit includes its Firmata board; board: null is for a real gate without one',
      });
    } else if (thermometer.kind === 'mlx90614' && config.board === null) {
      context.addIssue({
        code: 'custom',
        path: ['board'],
        message: 'the MLX90614 is read through the Firmata board: configure the board it is wired to',
      });
    }
    if (!config.simulate) {
      const taken = new Set([config.scanner.path]);
      if (thermometer.kind === 'gun' || thermometer.kind === 'thermal-array') {
        if (taken.has(thermometer.path))
          context.addIssue({
            code: 'custom',
            path: ['thermometer', 'path'],
            message: `${thermometer.path} is already configured for another device`,
          });
        taken.add(thermometer.path);
      }
      for (const device of ['board', 'idCardReader'] as const) {
        const path = config[device]?.path;
        if (path === undefined) continue;
        if (taken.has(path))
          context.addIssue({
            code: 'custom',
            path: [device, 'path'],
            message: `${path} is already configured for another device`,
          });
        taken.add(path);
      }
    }
  });
export type GateConfig = z.infer<typeof GateConfig>;
export type BoardConfig = NonNullable<GateConfig['board']>;
export type ThermometerConfig = GateConfig['thermometer'];
export type IdCardReaderConfig = NonNullable<GateConfig['idCardReader']>;

export class GateConfigError extends Error {}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** Every problem on its own line, named by its field, e.g. `thermometer.baudRate: expected number`. */
export function parseGateConfig(input: unknown, source: string): GateConfig {
  const parsed = GateConfig.safeParse(input);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map(
    (issue) => `  ${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`,
  );
  throw new GateConfigError(`invalid gate configuration in ${source}:\n${lines.join('\n')}`);
}

export async function loadGateConfig(path: string): Promise<GateConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new GateConfigError(`cannot read gate configuration ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new GateConfigError(`gate configuration ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseGateConfig(json, path);
}
