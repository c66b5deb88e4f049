import { z } from 'zod';
import { Celsius, DeviceId, Instant, MeasuringSite } from './common.ts';
import { ResidentIdProblem } from './resident-id.ts';

/** What a scanned line turned out to be, decided at the gate so the kiosk never sees raw ID numbers. */
export const ScanPayload = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pass'), personId: z.string().min(1).max(64), issuedAt: Instant }),
  z.object({ kind: z.literal('pass-invalid'), reason: z.enum(['signature', 'format', 'no-key']) }),
  z.object({
    kind: z.literal('id-number'),
    idHash: z.string().regex(/^[0-9a-f]{64}$/),
    idMasked: z.string().max(18),
    legacy: z.boolean(),
  }),
  z.object({
    kind: z.literal('id-number-invalid'),
    reason: ResidentIdProblem,
    idMasked: z.string().max(18),
  }),
  z.object({ kind: z.literal('visitor-code'), code: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('unknown'), text: z.string().max(512) }),
]);
export type ScanPayload = z.infer<typeof ScanPayload>;

export const ScanEvent = z.object({
  type: z.literal('scan'),
  deviceId: DeviceId,
  at: Instant,
  payload: ScanPayload,
});
export type ScanEvent = z.infer<typeof ScanEvent>;

/** The calibration record the reading was taken under, so the kiosk can warn when it has expired. */
export const CalibrationInfo = z.object({
  state: z.enum(['ok', 'expired', 'unknown']),
  calibratedAt: Instant.nullable(),
  by: z.string().max(100).nullable(),
  method: z.enum(['axillary-comparison', 'blackbody', 'other']).nullable(),
  referenceC: z.number().finite().nullable(),
  expiresAt: Instant.nullable(),
});
export type CalibrationInfo = z.infer<typeof CalibrationInfo>;

/**
 * What a thermal array saw when it took a reading, small enough for the kiosk to draw beside it
 * (the MLX90640's 32×24 reduced by taking the hottest of each 2×2 block, so the hottest point
 * survives). Row-major, top row first. Shown on the gate only: it never joins the record.
 */
export const ThermalFrame = z
  .object({
    width: z.number().int().min(1).max(32),
    height: z.number().int().min(1).max(24),
    pixelsC: z.array(z.number().finite().min(-50).max(400)).max(768),
    /** The pixel (in this small frame) holding the face's hottest point. */
    hottest: z.object({ x: z.number().int().min(0), y: z.number().int().min(0) }),
  })
  .refine((frame) => frame.pixelsC.length === frame.width * frame.height, { message: 'pixelsC must hold width × height values' })
  .refine((frame) => frame.hottest.x < frame.width && frame.hottest.y < frame.height, {
    message: 'the hottest point must lie inside the frame',
  });
export type ThermalFrame = z.infer<typeof ThermalFrame>;

export const TemperatureReading = z.object({
  type: z.literal('temperature'),
  deviceId: DeviceId,
  at: Instant,
  objectC: Celsius,
  ambientC: Celsius.nullable(),
  /** Where the device measures; absent means a forehead spot (the MLX90614 and guns). */
  site: MeasuringSite.optional(),
  /** The calibration offset already added to objectC. */
  offsetC: z.number().finite().min(-5).max(5),
  calibration: CalibrationInfo,
  /** Outside the device's rated ambient range (default 18–28 °C); null when the device gives no ambient. */
  ambientOutOfRange: z.boolean().nullable(),
  /** A thermal array's view of the face (site `face-max`), for the kiosk to show. */
  thermalFrame: ThermalFrame.optional(),
});
export type TemperatureReading = z.infer<typeof TemperatureReading>;

/** `YYYY-MM-DD`: a calendar date as printed on a card. */
const CardDate = z.iso.date();

/**
 * A second-generation ID card laid on the reader. The gate hashes the card's number at once (as
 * scans are): the clear number never leaves it. The name fills the visitor form; the validity is
 * judged on the gate's clock in the community's time zone (the card's dates are Beijing dates).
 */
export const IdCardEvent = z.object({
  type: z.literal('id-card'),
  deviceId: DeviceId,
  at: Instant,
  card: z.object({
    name: z.string().min(1).max(30),
    sex: z.enum(['male', 'female', 'unknown']),
    idHash: z.string().regex(/^[0-9a-f]{64}$/),
    idMasked: z.string().max(18),
    validFrom: CardDate,
    /** Null: valid for life (长期). */
    validTo: CardDate.nullable(),
    validity: z.enum(['valid', 'expired', 'not-yet-valid']),
  }),
});
export type IdCardEvent = z.infer<typeof IdCardEvent>;

export const DeviceKind = z.enum(['scanner', 'thermometer', 'board', 'id-card-reader']);
export type DeviceKind = z.infer<typeof DeviceKind>;

export const DeviceStatus = z.object({
  type: z.literal('device-status'),
  deviceId: DeviceId,
  device: DeviceKind,
  at: Instant,
  state: z.enum(['connected', 'reconnecting', 'failed']),
  reason: z.string().max(300).nullable(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

/**
 * A refusal the guard must act on, named so the kiosk can say it in the guard's language (the
 * reason stays for the log): an ID card pulled mid-read, unreadable, with a number failing its
 * check or none at all, or read before the gate had the key to hash its number.
 */
export const InputProblem = z.enum(['card-pulled', 'card-unreadable', 'card-number-invalid', 'card-no-number', 'no-id-key']);
export type InputProblem = z.infer<typeof InputProblem>;

/** A line or sample the gate refused, with the reason: bad input is reported, never silently dropped. */
export const InputRejected = z.object({
  type: z.literal('input-rejected'),
  deviceId: DeviceId,
  at: Instant,
  reason: z.string().max(300),
  problem: InputProblem.optional(),
});
export type InputRejected = z.infer<typeof InputRejected>;

export const HardwareEvent = z.discriminatedUnion('type', [
  ScanEvent,
  TemperatureReading,
  IdCardEvent,
  DeviceStatus,
  InputRejected,
]);
export type HardwareEvent = z.infer<typeof HardwareEvent>;
