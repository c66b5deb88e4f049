import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DeviceId } from '../protocol/common.ts';
import { LINE_ENDINGS } from './line-splitter.ts';
import { DEFAULT_THERMOMETER_FORMAT, THERMOMETER_FORMATS, ThermometerFormat, type ThermometerFormatName } from './thermometer-formats.ts';

const LineEndingSchema = z.enum(LINE_ENDINGS as ['CR', 'LF', 'CRLF']);
const formatNames = Object.keys(THERMOMETER_FORMATS) as [ThermometerFormatName, ...ThermometerFormatName[]];

const ScannerConfig = z
  .object({
    path: z.string().min(1).default('/dev/ttyACM0'),
    baudRate: z.number().int().positive().default(9600),
    lineEnding: LineEndingSchema.default('CRLF'),
    format: z.object({ prefix: z.string().default(''), suffix: z.string().default('') }).strict().prefault({}),
  })
  .strict();

const ThermometerConfig = z
  .object({
    path: z.string().min(1).default('/dev/ttyUSB0'),
    baudRate: z.number().int().positive().default(9600),
    lineEnding: LineEndingSchema.default('CRLF'),
    /** A built-in format's name, or a format of its own. */
    format: z.union([z.enum(formatNames), ThermometerFormat.strict()]).default(DEFAULT_THERMOMETER_FORMAT),
    /** Calibration offset added to every object reading. */
    offsetC: z.number().min(-5).max(5).default(0),
  })
  .strict();

export const GateConfig = z
  .object({
    port: z.number().int().min(0).max(65_535).default(8081),
    host: z.string().min(1).default('127.0.0.1'),
    serverUrl: z.url({ protocol: /^https?$/ }),
    deviceId: DeviceId,
    gateId: z.string().min(1).max(64),
    deviceToken: z.string().min(1),
    dataDir: z.string().min(1).default('data/gate'),
    kioskDir: z.string().min(1).default('dist/kiosk'),
    simulate: z.boolean().default(true),
    link: z.enum(['auto', 'pty', 'mock']).default('auto'),
    gatePulseMs: z.number().int().min(100).max(10_000).default(1500),
    scanner: ScannerConfig.prefault({}),
    thermometer: ThermometerConfig.prefault({}),
  })
  .strict()
  .superRefine((config, context) => {
    if (config.simulate && typeof config.thermometer.format !== 'string') {
      context.addIssue({
        code: 'custom',
        path: ['thermometer', 'format'],
        message: `the simulated thermometer gun writes only built-in formats (${formatNames.join(', ')})`,
      });
    }
  });
export type GateConfig = z.infer<typeof GateConfig>;

export class GateConfigError extends Error {}

/** Every problem on its own line, named by its field, e.g. `thermometer.baudRate: expected number`. */
export function parseGateConfig(input: unknown, source: string): GateConfig {
  const parsed = GateConfig.safeParse(input);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`);
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
