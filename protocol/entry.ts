import { z } from 'zod';
import { Celsius, DeviceId, EntryId, Instant, MeasuringSite } from './common.ts';
import { ScanPayload } from './hardware-events.ts';

export const Direction = z.enum(['in', 'out']);
export type Direction = z.infer<typeof Direction>;

export const SubjectCategory = z.enum(['resident', 'tenant', 'visitor', 'courier', 'staff', 'unknown']);
export type SubjectCategory = z.infer<typeof SubjectCategory>;

export const MaskCheck = z.enum(['worn', 'not-worn', 'given', 'not-checked']);
export type MaskCheck = z.infer<typeof MaskCheck>;

export const ReadingSource = z.enum(['infrared', 'axillary', 'manual']);
export type ReadingSource = z.infer<typeof ReadingSource>;

/**
 * `drop-off`: a courier or delivery left goods at the gate and did not enter. `abandoned`: the
 * screening ended without a decision (the guard cancelled it, the page closed, the shift ended);
 * the record keeps the readings so far and why (AbandonReason in `reason`), and a high reading
 * flags it as a fever so the fever list follows it up.
 */
export const Decision = z.enum(['admitted', 'denied', 'referred', 'drop-off', 'abandoned']);
export type Decision = z.infer<typeof Decision>;

/**
 * The decisions that are no passage through the gate: a courier who left goods at the gate and did
 * not enter, and a screening that never reached a decision. Figures, the hand-over summary and the
 * occupancy sweep count passages only; both kinds stay in the entry log.
 */
export const NOT_A_PASSAGE = ['drop-off', 'abandoned'] as const satisfies readonly Decision[];

export function isPassage(record: { decision: Decision }): boolean {
  return !(NOT_A_PASSAGE as readonly Decision[]).includes(record.decision);
}

/** Why a screening was abandoned, written as the record's reason. */
export const AbandonReason = z.enum(['cancelled', 'page-closed', 'shift-ended']);
export type AbandonReason = z.infer<typeof AbandonReason>;

/** Why the record's screening was abandoned; null for a record that ended in a decision. */
export function abandonReasonOf(record: { decision: Decision; reason: string | null }): AbandonReason | null {
  if (record.decision !== 'abandoned') return null;
  const reason = AbandonReason.safeParse(record.reason);
  return reason.success ? reason.data : null;
}

export const EntryFlag = z.enum([
  'fever',
  'home-observation',
  'close-contact',
  'close-contact-household',
  'suspected-case',
  'fever-follow-up',
  'returnee',
  'unknown-person',
  'risk-answer',
  'invalid-id',
  'no-mask',
  /** The guard let a watched person out against the default, with a recorded reason. */
  'watch-override',
]);
export type EntryFlag = z.infer<typeof EntryFlag>;

export const Reading = z.object({
  valueC: Celsius,
  source: ReadingSource,
  at: Instant,
  ambientC: Celsius.nullable(),
  /** Absent on readings from before sites were recorded, and on typed-in gun readings: the forehead. */
  site: MeasuringSite.optional(),
  /**
   * Infrared readings: when the device that took it was last calibrated (its calibration record;
   * null: none recorded). The device's learnt offset counts only the armpit checks since then.
   * Absent on typed-in readings and on entries from before it was recorded.
   */
  calibratedAt: Instant.nullable().optional(),
});
export type Reading = z.infer<typeof Reading>;

export const Subject = z.object({
  category: SubjectCategory,
  /** Roster id where the person is known. */
  personId: z.string().min(1).max(64).nullable(),
  /** Name as registered at the gate (visitors); residents are named by the roster. */
  name: z.string().max(100).nullable(),
  /** The ID number travels only as a keyed hash plus a masked form. */
  idHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  idMasked: z.string().max(18).nullable(),
  scan: ScanPayload.nullable(),
});
export type Subject = z.infer<typeof Subject>;

/** Occupants of one vehicle are screened one by one; their entries share the passage id. */
export const VehicleLink = z.object({
  passageId: EntryId,
  plate: z.string().min(1).max(16),
  role: z.enum(['driver', 'passenger']),
});
export type VehicleLink = z.infer<typeof VehicleLink>;

/** What a visitor registered at the gate; the ID number only as hash + mask (in `subject`). */
export const VisitorDetails = z.object({
  phone: z.string().max(20).nullable(),
  purpose: z.string().max(100).nullable(),
  hostHouseholdId: z.string().max(64).nullable(),
  /** The pre-registration code when the visitor showed one. */
  passCode: z.string().max(64).nullable(),
});
export type VisitorDetails = z.infer<typeof VisitorDetails>;

export const Answer = z.object({ questionId: z.string().min(1).max(64), answer: z.union([z.boolean(), z.string().max(200)]) });

export const EntryRecord = z.object({
  id: EntryId,
  schemaVersion: z.literal(1),
  occurredAt: Instant,
  gateId: z.string().min(1).max(64),
  deviceId: DeviceId,
  guard: z.object({ id: z.string().max(64).nullable(), name: z.string().min(1).max(100) }),
  shiftId: z.string().max(64).nullable(),
  direction: Direction,
  subject: Subject,
  mask: MaskCheck,
  answers: z.array(Answer).max(50),
  questionSetVersion: z.number().int().nonnegative().nullable(),
  readings: z.array(Reading).max(20),
  ambientC: Celsius.nullable(),
  baselineC: Celsius.nullable(),
  /**
   * The reading at or above which the first reading was flagged (the fever rule's flag point): an
   * armpit reading's pair was selected on it, which the offset learning allows for. Absent on
   * entries from before it was recorded.
   */
  flagAtC: Celsius.nullable().optional(),
  decision: Decision,
  reason: z.string().max(300).nullable(),
  flags: z.array(EntryFlag).max(12),
  vehicle: VehicleLink.nullable().default(null),
  visitor: VisitorDetails.nullable().default(null),
});
export type EntryRecord = z.infer<typeof EntryRecord>;

/** The record's highest reading, the one its fever flag and the review's figures go by. */
export function highestReading(record: EntryRecord): Reading | null {
  return record.readings.reduce<Reading | null>(
    (best, reading) => (best === null || reading.valueC > best.valueC ? reading : best),
    null,
  );
}

/**
 * The reading the fever rule's last word rests on: the latest axillary (clinical) reading when
 * one was taken, else the latest screening reading (a re-measure replaces the first). This is the
 * temperature the kiosk showed the guard for the decision; the console and exports show it first.
 */
export function decidingReading(readings: readonly Reading[]): Reading | null {
  return readings.filter((r) => r.source === 'axillary').at(-1) ?? readings.filter((r) => r.source !== 'axillary').at(-1) ?? null;
}
