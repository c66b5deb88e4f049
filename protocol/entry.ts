import { z } from 'zod';
import { Celsius, DeviceId, EntryId, Instant } from './common.ts';
import { ScanPayload } from './hardware-events.ts';

export const Direction = z.enum(['in', 'out']);
export type Direction = z.infer<typeof Direction>;

export const SubjectCategory = z.enum(['resident', 'tenant', 'visitor', 'courier', 'staff', 'unknown']);
export type SubjectCategory = z.infer<typeof SubjectCategory>;

export const MaskCheck = z.enum(['worn', 'not-worn', 'given', 'not-checked']);
export type MaskCheck = z.infer<typeof MaskCheck>;

export const ReadingSource = z.enum(['infrared', 'axillary', 'manual']);
export type ReadingSource = z.infer<typeof ReadingSource>;

export const Decision = z.enum(['admitted', 'denied', 'referred']);
export type Decision = z.infer<typeof Decision>;

export const EntryFlag = z.enum(['fever', 'home-observation', 'close-contact', 'suspected-case', 'unknown-person', 'risk-answer', 'invalid-id']);
export type EntryFlag = z.infer<typeof EntryFlag>;

export const Reading = z.object({
  valueC: Celsius,
  source: ReadingSource,
  at: Instant,
  ambientC: Celsius.nullable(),
});
export type Reading = z.infer<typeof Reading>;

export const Subject = z.object({
  category: SubjectCategory,
  /** Roster id where the person is known. */
  personId: z.string().min(1).max(64).nullable(),
  /** Name as registered at the gate (visitors); residents are named by the roster. */
  name: z.string().max(100).nullable(),
  /** The ID number travels only as a keyed hash plus a masked form. */
  idHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  idMasked: z.string().max(18).nullable(),
  scan: ScanPayload.nullable(),
});
export type Subject = z.infer<typeof Subject>;

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
  decision: Decision,
  reason: z.string().max(300).nullable(),
  flags: z.array(EntryFlag).max(10),
});
export type EntryRecord = z.infer<typeof EntryRecord>;
