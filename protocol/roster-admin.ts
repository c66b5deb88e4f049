import { z } from 'zod';
import { Instant } from './common.ts';
import { ResidentIdProblem } from './resident-id.ts';
import { LocalDate, Question, QuestionSet, RosterPerson, VisitorPass, WatchKind } from './roster.ts';

/**
 * The console's roster, watch-list, rules and question routes (`/api/v1/admin/...`). Property
 * staff manage households, persons, vehicles, gates and visitor passes; community staff the
 * watch list, rules and questions; admins both.
 */

const Text = (max: number) => z.string().trim().min(1).max(max);

export const HouseholdInput = z.object({
  building: Text(20),
  unit: Text(20),
  /** Null: taken from the room number (`502` is on floor 5). */
  floor: z.number().int().min(-5).max(200).nullable().default(null),
  room: Text(20),
});
export type HouseholdInput = z.input<typeof HouseholdInput>;

export const HouseholdView = z.object({
  id: z.string(),
  building: z.string(),
  unit: z.string(),
  floor: z.number().int().nullable(),
  room: z.string(),
  personCount: z.number().int().nonnegative(),
});
export type HouseholdView = z.infer<typeof HouseholdView>;

/** Who the roster holds: visitors and couriers are registered at the gate, not here. */
export const RosterCategory = z.enum(['resident', 'tenant', 'staff']);
export type RosterCategory = z.infer<typeof RosterCategory>;

export const PhoneNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9-]{5,20}$/, 'phone: digits only');

export const PersonInput = z.object({
  householdId: z.string().min(1).nullable(),
  name: Text(50),
  category: RosterCategory,
  phone: PhoneNumber.nullable().default(null),
  /**
   * The full ID number as typed; the server keeps only its keyed hash and masked form. On an
   * update, leaving it out keeps the stored number and null removes it.
   */
  idNumber: z.string().trim().max(32).nullable().optional(),
});
export type PersonInput = z.input<typeof PersonInput>;

/** `timeZone`: the community's IANA zone; its days and hours everywhere (figures, exports, console). */
export const CommunityView = z.object({
  id: z.string(),
  name: z.string(),
  rosterVersion: z.number().int(),
  timeZone: z.string(),
});
export type CommunityView = z.infer<typeof CommunityView>;

/** Signed passes for one household, for the printable sheet. */
export const PassSheet = z.object({
  communityName: z.string(),
  address: z.string(),
  issuedAt: Instant,
  passes: z.array(z.object({ personId: z.string(), name: z.string(), category: RosterCategory, pass: z.string() })),
});
export type PassSheet = z.infer<typeof PassSheet>;

export const QuestionSetsView = z.object({ current: QuestionSet.nullable(), previousVersions: z.array(z.number().int()) });
export type QuestionSetsView = z.infer<typeof QuestionSetsView>;

/** A person as staff see them in the console: the full phone for calling, the ID number masked only. */
export const PersonView = RosterPerson.omit({ idHash: true, phoneTail: true }).extend({ phone: z.string().nullable() });
export type PersonView = z.infer<typeof PersonView>;

export const VehicleInput = z.object({
  plate: z.string().trim().toUpperCase().min(5).max(16),
  householdId: z.string().min(1),
});
export type VehicleInput = z.input<typeof VehicleInput>;

export const VehicleView = z.object({ id: z.string(), plate: z.string(), householdId: z.string() });
export type VehicleView = z.infer<typeof VehicleView>;

export const GateInput = z.object({
  name: Text(50),
  isMain: z.boolean().default(false),
  note: z.string().trim().max(200).nullable().default(null),
});
export type GateInput = z.input<typeof GateInput>;

export const GateView = z.object({
  id: z.string(),
  name: z.string(),
  isMain: z.boolean(),
  note: z.string().nullable(),
  devices: z.array(z.object({ id: z.string(), enrolledAt: Instant, revokedAt: Instant.nullable() })),
});
export type GateView = z.infer<typeof GateView>;

export const WatchEntryInput = z
  .object({
    kind: WatchKind,
    personId: z.string().min(1).nullable().default(null),
    householdId: z.string().min(1).nullable().default(null),
    startDate: LocalDate,
    /** Omitted for home observation: start + the community's observation days − 1. */
    endDate: LocalDate.nullable().optional(),
    origin: z.string().trim().max(100).nullable().default(null),
    arrivalDate: LocalDate.nullable().default(null),
    note: z.string().trim().max(300).nullable().default(null),
  })
  .refine((w) => (w.personId === null) !== (w.householdId === null), {
    message: 'name either a person or a household',
    path: ['personId'],
  })
  .refine((w) => (w.kind === 'close-contact-household') === (w.householdId !== null), {
    message: 'a close contact household names a household; every other kind names a person',
    path: ['householdId'],
  })
  .refine((w) => w.endDate == null || w.endDate >= w.startDate, { message: 'the end is before the start', path: ['endDate'] })
  .refine((w) => w.kind !== 'returnee' || (w.origin !== null && w.arrivalDate !== null), {
    message: 'a returnee needs origin and arrival date',
    path: ['origin'],
  });
export type WatchEntryInput = z.input<typeof WatchEntryInput>;

export const WatchEntryView = z.object({
  id: z.string(),
  kind: WatchKind,
  personId: z.string().nullable(),
  householdId: z.string().nullable(),
  /** The person's name, or the household's address. */
  subject: z.string(),
  address: z.string().nullable(),
  startDate: LocalDate,
  endDate: LocalDate.nullable(),
  /** Day N of the period, counted from 1 on the start date; null before it starts. */
  day: z.number().int().positive().nullable(),
  origin: z.string().nullable(),
  arrivalDate: LocalDate.nullable(),
  note: z.string().nullable(),
  releasedAt: Instant.nullable(),
  /** In the kiosks' snapshot: neither released nor past its end date. */
  active: z.boolean(),
});
export type WatchEntryView = z.infer<typeof WatchEntryView>;

export const QuestionSetInput = z.object({
  questions: z
    .array(Question)
    .min(1)
    .max(20)
    .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, 'question ids must be unique'),
});
export type QuestionSetInput = z.infer<typeof QuestionSetInput>;

export const VisitorPassInput = z
  .object({
    name: Text(100),
    hostHouseholdId: z.string().min(1),
    validFrom: LocalDate,
    validUntil: LocalDate,
    vehiclePlate: z.string().trim().toUpperCase().min(5).max(16).nullable().default(null),
  })
  .refine((v) => v.validUntil >= v.validFrom, { message: 'valid until is before valid from', path: ['validUntil'] });
export type VisitorPassInput = z.input<typeof VisitorPassInput>;

export const VisitorPassView = VisitorPass.extend({ id: z.string(), revokedAt: Instant.nullable() });
export type VisitorPassView = z.infer<typeof VisitorPassView>;

/** What is wrong with one import row, as a code the console words in the reader's language. */
export const ImportProblem = z.discriminatedUnion('code', [
  z.object({ code: z.literal('missing'), column: z.enum(['building', 'unit', 'room', 'name']) }),
  z.object({ code: z.literal('name-too-long') }),
  z.object({ code: z.literal('nul-character') }),
  z.object({ code: z.literal('unknown-category'), value: z.string() }),
  z.object({ code: z.literal('floor-not-integer'), value: z.string() }),
  z.object({ code: z.literal('bad-phone') }),
  z.object({ code: z.literal('id-stored-as-number') }),
  z.object({ code: z.literal('bad-id-number'), reason: ResidentIdProblem }),
  z.object({ code: z.literal('id-on-roster'), idMasked: z.string() }),
  z.object({ code: z.literal('id-repeated'), line: z.number().int().positive() }),
]);
export type ImportProblem = z.infer<typeof ImportProblem>;

/** One row of a roster import as the preview shows it; `errors` empty when it will be imported. */
export const ImportRow = z.object({
  line: z.number().int().positive(),
  building: z.string(),
  unit: z.string(),
  room: z.string(),
  name: z.string(),
  category: z.string(),
  phone: z.string().nullable(),
  idMasked: z.string().nullable(),
  errors: z.array(ImportProblem),
});
export type ImportRow = z.infer<typeof ImportRow>;

export const ImportPreview = z.object({
  rows: z.array(ImportRow),
  valid: z.number().int().nonnegative(),
  invalid: z.number().int().nonnegative(),
  /** Present once committed: what was written. */
  imported: z.object({ households: z.number().int(), persons: z.number().int() }).nullable(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;
