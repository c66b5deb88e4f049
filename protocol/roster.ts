import { z } from 'zod';
import { Instant } from './common.ts';
import { SubjectCategory } from './entry.ts';
import { DEFAULT_FEVER_GOAL, FeverGoal } from './fever-goal.ts';

export const RosterHousehold = z.object({
  id: z.string(),
  building: z.string(),
  unit: z.string(),
  room: z.string(),
});
export type RosterHousehold = z.infer<typeof RosterHousehold>;

export const RosterPerson = z.object({
  id: z.string(),
  householdId: z.string().nullable(),
  name: z.string(),
  category: SubjectCategory,
  idHash: z.string().nullable(),
  idMasked: z.string().nullable(),
  /** Last four digits of the phone, for the guard's manual look-up; the number itself stays on the server. */
  phoneTail: z.string().max(4).nullable(),
});
export type RosterPerson = z.infer<typeof RosterPerson>;

export const RosterGate = z.object({ id: z.string(), name: z.string() });

/** Calendar dates (the community's local date) for watch periods. */
export const LocalDate = z.iso.date();

/**
 * Why the gate must know about a person or household: the three categories (suspected case,
 * fever case, close contact), home observation and returnees. A household-wide entry (a close
 * contact's family) names the household and no person.
 */
export const WatchKind = z.enum([
  'home-observation',
  'close-contact',
  'close-contact-household',
  'suspected-case',
  'fever-follow-up',
  'returnee',
]);
export type WatchKind = z.infer<typeof WatchKind>;

export const WatchEntry = z.object({
  id: z.string(),
  kind: WatchKind,
  personId: z.string().nullable(),
  householdId: z.string().nullable(),
  startDate: LocalDate,
  /** Last day of the period; null while open-ended (a suspected case until released). */
  endDate: LocalDate.nullable(),
  /** Returnees: where from and when they arrived. */
  origin: z.string().max(100).nullable(),
  arrivalDate: LocalDate.nullable(),
  note: z.string().max(300).nullable(),
});
export type WatchEntry = z.infer<typeof WatchEntry>;

export const LocalizedText = z.object({ 'zh-CN': z.string().min(1).max(300), en: z.string().min(1).max(300) });
export type LocalizedText = z.infer<typeof LocalizedText>;

/** One screening question answered yes/no; `riskAnswer` is the answer that flags the entry. */
export const Question = z.object({
  id: z.string().min(1).max(64),
  text: LocalizedText,
  riskAnswer: z.boolean(),
});
export type Question = z.infer<typeof Question>;

export const QuestionSet = z.object({
  version: z.number().int().positive(),
  questions: z.array(Question).max(20),
});
export type QuestionSet = z.infer<typeof QuestionSet>;

/** The community's screening rules in force at its gates. */
export const ScreeningRules = z.object({
  feverThresholdC: z.number().min(36).max(39),
  baselineOffsetC: z.number().min(0.2).max(3),
  homeObservationDays: z.number().int().min(1).max(60),
  /**
   * What the screens should find (fever-goal.ts); the flag point follows from it at each gate, with
   * baselineOffsetC as its ceiling. Null: the fixed baselineOffsetC margin. Absent in snapshots from
   * before goals: the default.
   */
  goal: FeverGoal.nullable().default(DEFAULT_FEVER_GOAL),
});
export type ScreeningRules = z.infer<typeof ScreeningRules>;

export const DEFAULT_SCREENING_RULES: ScreeningRules = {
  feverThresholdC: 37.3,
  baselineOffsetC: 1.0,
  homeObservationDays: 14,
  goal: DEFAULT_FEVER_GOAL,
};

/** A visitor registered ahead by a household; the code is what the visitor shows at the gate. */
export const VisitorPass = z.object({
  code: z.string().min(1).max(64),
  name: z.string().max(100),
  hostHouseholdId: z.string(),
  validFrom: LocalDate,
  validUntil: LocalDate,
  vehiclePlate: z.string().max(16).nullable(),
});
export type VisitorPass = z.infer<typeof VisitorPass>;

export const RosterVehicle = z.object({ plate: z.string().min(1).max(16), householdId: z.string() });
export type RosterVehicle = z.infer<typeof RosterVehicle>;

/**
 * A guard who may sign in at the kiosk: the name the sign-in lists. The PIN's hash is not here: the
 * gate keeps it and checks the PIN itself (`POST /pin-check`), so no screen can read a hash.
 */
export const GuardAccount = z.object({ id: z.string(), name: z.string() });
export type GuardAccount = z.infer<typeof GuardAccount>;

/** What a kiosk caches to decide offline who is at the gate. */
export const RosterSnapshot = z.object({
  communityId: z.string(),
  communityName: z.string(),
  /** IANA zone of the community's calendar: watch periods and visitor passes are its dates. */
  timeZone: z.string().min(1).default('Asia/Shanghai'),
  version: z.number().int().nonnegative(),
  generatedAt: Instant,
  gate: RosterGate,
  /** The enrolled device that asked: the kiosk stamps its records with it, even offline. */
  deviceId: z.string(),
  households: z.array(RosterHousehold),
  persons: z.array(RosterPerson),
  vehicles: z.array(RosterVehicle),
  watch: z.array(WatchEntry),
  visitors: z.array(VisitorPass),
  questionSet: QuestionSet.nullable(),
  rules: ScreeningRules,
  guards: z.array(GuardAccount).default([]),
});
export type RosterSnapshot = z.infer<typeof RosterSnapshot>;

/**
 * What an enrolled gate device learns about itself. Holds the ID-hash key, so it goes to the
 * gate service only, never to the browser.
 */
export const DeviceConfig = z.object({
  deviceId: z.string(),
  gateId: z.string(),
  communityId: z.string(),
  passPublicKey: z.string().min(1),
  idHashKey: z.string().min(32),
});
export type DeviceConfig = z.infer<typeof DeviceConfig>;
