import { LineProtocolParser, type LineProtocolOptions } from '../line-protocol/line-protocol-parser.ts';
import type { ThermometerFormat } from './thermometer-formats.ts';

/** Lines up to 128 bytes by default: a reading is short. */
export interface ThermometerGunParserOptions extends Partial<LineProtocolOptions> {
  format: ThermometerFormat;
}

/**
 * `fault` marks a value no target could give — NaN, below freezing or above 60 °C (the −40 and 80
 * that failing sensors report) — as a device fault, not a misaimed reading of a wall or a cup.
 */
export type GunReading = { ok: true; objectC: number; ambientC: number | null } | { ok: false; reason: string; fault?: boolean };

/** Below or above this an object reading is a wall, a cup of tea or a fault, not a person. */
const PERSON_MIN_C = 20;
const PERSON_MAX_C = 45;
/** Outside this no real target is being measured: the sensor itself is wrong. */
const SENSOR_FAULT_BELOW_C = 0;
const SENSOR_FAULT_ABOVE_C = 60;
/** Same bounds as protocol's Celsius: outside them an ambient value is a fault. */
const AMBIENT_MIN_C = -50;
const AMBIENT_MAX_C = 120;

/** Text lines from an infrared thermometer gun in, one `GunReading` per line out. */
export class ThermometerGunParser extends LineProtocolParser<GunReading> {
  private readonly pattern: RegExp;
  private readonly unit: 'C' | 'F';

  constructor(options: ThermometerGunParserOptions) {
    const format = options?.format;
    if (!format || typeof format.pattern !== 'string')
      throw new TypeError('format.pattern must be a regular expression source string');
    if (format.unit !== 'C' && format.unit !== 'F') throw new TypeError(`format.unit must be C or F, got ${String(format.unit)}`);
    let pattern: RegExp;
    try {
      pattern = new RegExp(format.pattern, 'u');
    } catch (error) {
      throw new TypeError(`format.pattern is not a valid regular expression: ${(error as Error).message}`);
    }
    if (!format.pattern.includes('(?<object>')) throw new TypeError('format.pattern needs a named group "object"');
    super({ ...options, maxLineBytes: options.maxLineBytes ?? 128 });
    this.pattern = pattern;
    this.unit = format.unit;
  }

  protected interpret(text: string): GunReading {
    const groups = this.pattern.exec(text)?.groups;
    if (!groups?.object)
      return { ok: false, reason: `reading not in the configured format: ${JSON.stringify(text.slice(0, 40))}` };
    const objectC = this.toCelsius(groups.object);
    if (objectC === null)
      return {
        ok: false,
        reason: `object temperature is not a number: ${JSON.stringify(groups.object.slice(0, 20))}`,
        fault: true,
      };
    if (objectC < SENSOR_FAULT_BELOW_C || objectC > SENSOR_FAULT_ABOVE_C) {
      return { ok: false, reason: `thermometer reports ${objectC} °C: a sensor fault, not a reading`, fault: true };
    }
    if (objectC < PERSON_MIN_C || objectC > PERSON_MAX_C) {
      return {
        ok: false,
        reason: `object temperature ${objectC} °C is not a person (expected ${PERSON_MIN_C}–${PERSON_MAX_C} °C)`,
      };
    }
    if (groups.ambient === undefined) return { ok: true, objectC, ambientC: null };
    const ambientC = this.toCelsius(groups.ambient);
    if (ambientC === null || ambientC < AMBIENT_MIN_C || ambientC > AMBIENT_MAX_C) {
      return { ok: false, reason: `ambient temperature is not plausible: ${JSON.stringify(groups.ambient.slice(0, 20))}` };
    }
    return { ok: true, objectC, ambientC };
  }

  private toCelsius(value: string): number | null {
    // Number() rather than parseFloat(): "36.6abc" is a fault, not 36.6.
    const n = Number(value.trim());
    if (value.trim() === '' || !Number.isFinite(n)) return null;
    const celsius = this.unit === 'C' ? n : ((n - 32) * 5) / 9;
    return Math.round(celsius * 100) / 100;
  }
}
