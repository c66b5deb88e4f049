import { z } from 'zod';
import { Instant } from '../../../protocol/common.ts';
import { CalibrationInfo } from '../../../protocol/hardware-events.ts';

/**
 * A thermometer's calibration as the config file records it: when, by whom, how, against what
 * reference, and the offset found. Infrared screening drifts; without a current record the kiosk
 * warns the guard with every reading.
 */
export const CalibrationRecord = z
  .object({
    offsetC: z.number().min(-5).max(5),
    calibratedAt: Instant,
    by: z.string().min(1).max(100),
    method: CalibrationInfo.shape.method.unwrap(),
    /** The reference reading the offset was taken against (axillary thermometer or blackbody). */
    referenceC: z.number().min(30).max(45),
    validDays: z.number().int().min(1).max(3650).default(90),
  })
  .strict();
export type CalibrationRecord = z.infer<typeof CalibrationRecord>;

/** Most forehead thermometers are rated for 18–28 °C ambient; outside it they read off. */
export const RatedAmbient = z
  .object({ min: z.number().min(-50).max(60), max: z.number().min(-50).max(60) })
  .strict()
  .refine((range) => range.min < range.max, { message: 'min must be below max' });
export type RatedAmbient = z.infer<typeof RatedAmbient>;
export const DEFAULT_RATED_AMBIENT: RatedAmbient = { min: 18, max: 28 };

const DAY_MS = 24 * 60 * 60 * 1000;

export function calibrationInfo(record: CalibrationRecord | null, now: Date): CalibrationInfo {
  if (!record) return { state: 'unknown', calibratedAt: null, by: null, method: null, referenceC: null, expiresAt: null };
  const expiresAt = new Date(Date.parse(record.calibratedAt) + record.validDays * DAY_MS);
  return {
    state: now.getTime() >= expiresAt.getTime() ? 'expired' : 'ok',
    calibratedAt: new Date(record.calibratedAt).toISOString(),
    by: record.by,
    method: record.method,
    referenceC: record.referenceC,
    expiresAt: expiresAt.toISOString(),
  };
}

export function ambientOutOfRange(ambientC: number | null, rated: RatedAmbient): boolean | null {
  if (ambientC === null) return null;
  return ambientC < rated.min || ambientC > rated.max;
}
