import { Transform, type TransformCallback } from 'node:stream';
import { SilenceWatch } from '../line-protocol/silence-watch.ts';
import { LineSplitter, type LineEnding } from '../line-protocol/line-splitter.ts';
import type { ThermometerFormat } from './thermometer-formats.ts';

export interface ThermometerGunParserOptions {
  format: ThermometerFormat;
  lineEnding?: LineEnding;
  /** Longest accepted line in bytes, terminator excluded (default 128: a reading is short). */
  maxLineBytes?: number;
  /** A partial line with no byte for this long is discarded with a reason (default 1000; null: never). */
  idleMs?: number | null;
}

/**
 * `fault` marks a value no target could give — NaN, below freezing or above 60 °C (the −40 and 80
 * that failing sensors report) — as a device fault, not a misaimed reading of a wall or a cup.
 */
export type GunReading = { ok: true; objectC: number; ambientC: number | null } | { ok: false; reason: string; fault?: boolean };

/** Below or above this an object reading is a wall, a cup of tea or a fault, not a person. */
export const PERSON_MIN_C = 20;
export const PERSON_MAX_C = 45;
/** Outside this no real target is being measured: the sensor itself is wrong. */
const SENSOR_FAULT_BELOW_C = 0;
const SENSOR_FAULT_ABOVE_C = 60;
/** Same bounds as protocol's Celsius: outside them an ambient value is a fault. */
const AMBIENT_MIN_C = -50;
const AMBIENT_MAX_C = 120;

/** Text lines from an infrared thermometer gun in, one `GunReading` per line out. */
export class ThermometerGunParser extends Transform {
  private readonly splitter: LineSplitter;
  private readonly pattern: RegExp;
  private readonly unit: 'C' | 'F';
  private readonly silence: SilenceWatch;

  constructor(options: ThermometerGunParserOptions) {
    super({ readableObjectMode: true });
    const format = options?.format;
    if (!format || typeof format.pattern !== 'string')
      throw new TypeError('format.pattern must be a regular expression source string');
    if (format.unit !== 'C' && format.unit !== 'F') throw new TypeError(`format.unit must be C or F, got ${String(format.unit)}`);
    try {
      this.pattern = new RegExp(format.pattern, 'u');
    } catch (error) {
      throw new TypeError(`format.pattern is not a valid regular expression: ${(error as Error).message}`);
    }
    if (!format.pattern.includes('(?<object>')) throw new TypeError('format.pattern needs a named group "object"');
    this.unit = format.unit;
    this.splitter = new LineSplitter({ lineEnding: options.lineEnding ?? 'CRLF', maxLineBytes: options.maxLineBytes ?? 128 });
    this.silence = new SilenceWatch(options.idleMs === undefined ? 1000 : options.idleMs, () => {
      for (const line of this.splitter.expire(options.idleMs ?? 1000)) this.push(line);
    });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const line of this.splitter.push(chunk)) this.push(line.ok ? this.interpret(line.text) : line);
    this.silence.activity(this.splitter.pending);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.silence.stop();
    for (const line of this.splitter.flush()) this.push(line);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.silence.stop();
    callback(error);
  }

  private interpret(text: string): GunReading {
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
