import { z } from 'zod';

/**
 * How a thermometer gun writes one reading as a text line. `pattern` is a regular expression
 * with a named group `object` and optionally `ambient`; `unit` is the unit of both values.
 */
export const ThermometerFormat = z.object({
  pattern: z.string().min(1),
  unit: z.enum(['C', 'F']),
});
export type ThermometerFormat = z.infer<typeof ThermometerFormat>;

const NUMBER = '[-+]?\\d{1,3}(?:\\.\\d{1,3})?';

export const THERMOMETER_FORMATS = {
  /** `T=36.6C A=21.4C`: object then ambient, Celsius; the ambient part is optional. */
  'tagged-celsius': { pattern: `^T=(?<object>${NUMBER})C(?: A=(?<ambient>${NUMBER})C)?$`, unit: 'C' },
  /** `T=97.9F A=70.5F`: the same layout in Fahrenheit, as US-market guns ship. */
  'tagged-fahrenheit': { pattern: `^T=(?<object>${NUMBER})F(?: A=(?<ambient>${NUMBER})F)?$`, unit: 'F' },
} as const satisfies Record<string, ThermometerFormat>;

export type ThermometerFormatName = keyof typeof THERMOMETER_FORMATS;
export const DEFAULT_THERMOMETER_FORMAT: ThermometerFormatName = 'tagged-celsius';

/** Writes a reading in a format's own layout; the simulated gun uses it so the parser sees real lines. */
export function formatThermometerLine(name: ThermometerFormatName, objectC: number, ambientC: number | null): string {
  const unit = THERMOMETER_FORMATS[name].unit;
  const show = (c: number) => (unit === 'C' ? c : (c * 9) / 5 + 32).toFixed(1);
  return `T=${show(objectC)}${unit}${ambientC === null ? '' : ` A=${show(ambientC)}${unit}`}`;
}
