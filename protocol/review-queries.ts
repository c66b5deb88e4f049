import { z } from 'zod';
import { Celsius, EntryId, Instant } from './common.ts';
import { AbandonReason, Direction, EntryFlag, ReadingSource, SubjectCategory } from './entry.ts';
import { EntryListQuery, EntryView, ReadingView } from './review.ts';
import { LocalDate } from './roster.ts';

/**
 * Filters of the entry log. Time bounds select by the record's UUIDv7 (minted at the kiosk with
 * the passage), so a range walks the primary key whatever offset each gate wrote its times in.
 */
export const EntryFilterQuery = EntryListQuery.extend({
  from: Instant.optional(),
  to: Instant.optional(),
  gateId: z.string().min(1).max(64).optional(),
  direction: Direction.optional(),
  personId: z.string().min(1).max(64).optional(),
  category: SubjectCategory.optional(),
  flag: EntryFlag.optional(),
});
export type EntryFilterQuery = z.infer<typeof EntryFilterQuery>;

/** The filters without paging: what an export takes. */
export const EntryExportQuery = EntryFilterQuery.omit({ limit: true, before: true });
export type EntryExportQuery = z.infer<typeof EntryExportQuery>;

export const RosterPersonSummary = z.object({
  id: z.string(),
  name: z.string(),
  category: SubjectCategory,
  /** "3-2-501" style address, or null for someone without a household. */
  address: z.string().nullable(),
  idMasked: z.string().nullable(),
});
export type RosterPersonSummary = z.infer<typeof RosterPersonSummary>;

export const PersonSearchQuery = z.object({ q: z.string().trim().min(1).max(50) });
export const PersonSearchResponse = z.object({ persons: z.array(RosterPersonSummary) });
export type PersonSearchResponse = z.infer<typeof PersonSearchResponse>;

/** The compound a gate belongs to: an answer traced across compounds says where each passage was. */
export const GateCompound = z.object({ gateId: z.string(), compoundId: z.string(), compoundName: z.string() });
export type GateCompound = z.infer<typeof GateCompound>;

/**
 * What a person look-up (timeline, contacts) covered: `tracedAcross` when the caller sits above a
 * compound and the look-up followed the person through every compound in scope by their roster
 * rows and ID hash; `compounds` names the compound of each gate in the answer.
 */
const TraceCoverage = {
  tracedAcross: z.boolean(),
  compounds: z.array(GateCompound),
};

export const TimelineQuery = z.object({ days: z.coerce.number().int().min(1).max(60).default(14) });
/** A person's passages, oldest first, over the last `days` days. */
export const TimelineResponse = z.object({
  person: RosterPersonSummary,
  since: Instant,
  entries: z.array(EntryView),
  /** True when more passages exist than one answer carries (the newest are kept). */
  truncated: z.boolean(),
  ...TraceCoverage,
});
export type TimelineResponse = z.infer<typeof TimelineResponse>;

/** Everyone at the same gate within ±minutes of one entry, or of any passage of a person in the last days. */
export const ContactsQuery = z
  .object({
    entryId: EntryId.optional(),
    personId: z.string().min(1).max(64).optional(),
    minutes: z.coerce.number().int().min(1).max(240).default(15),
    days: z.coerce.number().int().min(1).max(60).default(14),
  })
  .refine((q) => (q.entryId === undefined) !== (q.personId === undefined), {
    message: 'give exactly one of entryId or personId',
  });
export type ContactsQuery = z.infer<typeof ContactsQuery>;

export const ContactView = z.object({
  entry: EntryView,
  /** The source passage this contact was near. */
  nearEntryId: EntryId,
  gapMinutes: z.number(),
});
export type ContactView = z.infer<typeof ContactView>;

export const ContactsResponse = z.object({
  sources: z.array(EntryView),
  contacts: z.array(ContactView),
  truncated: z.boolean(),
  ...TraceCoverage,
});
export type ContactsResponse = z.infer<typeof ContactsResponse>;

export const FeverStatus = z.enum(['open', 'closed']);
export type FeverStatus = z.infer<typeof FeverStatus>;

export const FeverOutcome = z.enum(['normal-on-recheck', 'sent-home', 'hospital', 'isolated', 'other']);
export type FeverOutcome = z.infer<typeof FeverOutcome>;

/** One follow-up step a community worker records on a fever event. */
export const FeverFollowUpInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('recheck'), valueC: Celsius, source: ReadingSource }),
  z.object({ kind: z.literal('axillary'), valueC: Celsius }),
  z.object({ kind: z.literal('referred'), clinic: z.string().trim().min(1).max(100) }),
  z.object({ kind: z.literal('escorted'), by: z.string().trim().min(1).max(100) }),
  z.object({ kind: z.literal('outcome'), outcome: FeverOutcome, note: z.string().trim().max(300).nullable().default(null) }),
  z.object({ kind: z.literal('closed'), note: z.string().trim().max(300).nullable().default(null) }),
]);
export type FeverFollowUpInput = z.infer<typeof FeverFollowUpInput>;

export const FeverFollowUpView = z.object({
  id: z.string(),
  at: Instant,
  by: z.string().nullable(),
  step: FeverFollowUpInput,
});
export type FeverFollowUpView = z.infer<typeof FeverFollowUpView>;

export const FeverEventView = z.object({
  id: z.string(),
  entryId: EntryId,
  occurredAt: Instant,
  gateId: z.string(),
  gateName: z.string(),
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  idMasked: z.string().nullable(),
  category: SubjectCategory,
  /** The reading that decided (the axillary confirmation when taken), not the highest. */
  reading: z.object({ valueC: z.number(), source: ReadingSource }).nullable(),
  /** Every reading of the entry, the deciding one marked; empty for events older than 0060 whose entry was purged. */
  readings: z.array(ReadingView),
  /** The screening was abandoned, not decided at the gate, and why (absent for events older than 0066 whose entry was purged). */
  abandonReason: AbandonReason.nullable(),
  status: FeverStatus,
  followUps: z.array(FeverFollowUpView),
});
export type FeverEventView = z.infer<typeof FeverEventView>;

export const FeverListQuery = z.object({
  status: FeverStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().min(1).max(64).optional(),
});
export type FeverListQuery = z.infer<typeof FeverListQuery>;

export const FeverListResponse = z.object({ events: z.array(FeverEventView) });
export type FeverListResponse = z.infer<typeof FeverListResponse>;

export const SweepQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(7) });
export type SweepQuery = z.infer<typeof SweepQuery>;

export const QuietHousehold = z.object({
  householdId: z.string(),
  address: z.string(),
  persons: z.number().int().nonnegative(),
  /** Last passage of anyone in the household, or null when none is stored. */
  lastSeenAt: Instant.nullable(),
  /** Its gate, whose compound's clock shows the time. */
  lastGateId: z.string().nullable(),
});
export type QuietHousehold = z.infer<typeof QuietHousehold>;

export const OffRosterPasser = z.object({
  name: z.string().nullable(),
  idMasked: z.string().nullable(),
  category: SubjectCategory,
  passages: z.number().int().positive(),
  lastSeenAt: Instant,
  lastGateId: z.string(),
  lastGateName: z.string(),
});
export type OffRosterPasser = z.infer<typeof OffRosterPasser>;

/** The lit-window count made digital: households nobody passed for, people passing who are not on the roster. */
export const SweepResponse = z.object({
  since: Instant,
  quietHouseholds: z.array(QuietHousehold),
  offRoster: z.array(OffRosterPasser),
});
export type SweepResponse = z.infer<typeof SweepResponse>;

export const FiguresQuery = z
  .object({ from: LocalDate, to: LocalDate, gateId: z.string().min(1).max(64).optional() })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to' });
export type FiguresQuery = z.infer<typeof FiguresQuery>;

const FigureCounts = z.object({
  entries: z.number().int().nonnegative(),
  visitors: z.number().int().nonnegative(),
  /** Vehicles through the gate: one per passage, counted on the driver's entry. */
  vehicles: z.number().int().nonnegative(),
  fevers: z.number().int().nonnegative(),
  denied: z.number().int().nonnegative(),
});

/** One gate's counts for one local hour: what is stored, and what the CSV export lists. */
export const FigureRow = FigureCounts.extend({
  gateId: z.string(),
  gateName: z.string(),
  /** The gate's local date and hour, as the device wrote the passage time. */
  day: LocalDate,
  hour: z.number().int().min(0).max(23),
});
export type FigureRow = z.infer<typeof FigureRow>;

/** One gate's counts for one local day. */
export const DayFigureRow = FigureCounts.extend({ gateId: z.string(), gateName: z.string(), day: LocalDate });
export type DayFigureRow = z.infer<typeof DayFigureRow>;

/** The counts for one hour of the day, summed over every day and gate asked for. */
export const HourFigureRow = FigureCounts.extend({ hour: z.number().int().min(0).max(23) });
export type HourFigureRow = z.infer<typeof HourFigureRow>;

/**
 * The figures summed in the database to what the console shows: per day and gate (oldest day
 * first, gates by name), and per hour of the day (hours without passages left out). Four weeks
 * of 20 gates is 560 + 24 rows rather than 13,000 hourly ones.
 */
export const FiguresResponse = z.object({ days: z.array(DayFigureRow), hours: z.array(HourFigureRow) });
export type FiguresResponse = z.infer<typeof FiguresResponse>;

/** Gates for the console's filters. */
/** The gates in view, each with its compound (whose clock its times are shown on). */
export const GateListResponse = z.object({
  gates: z.array(z.object({ id: z.string(), name: z.string(), communityId: z.string() })),
});
export type GateListResponse = z.infer<typeof GateListResponse>;

/**
 * A confirmed case reported to the community (the watch list tracks suspects and contacts; a
 * confirmation is a dated fact the epidemic-free check counts from). Names a roster person or,
 * for someone not on the roster, only the household or a note.
 */
export const ConfirmedCaseInput = z
  .object({
    communityId: z.string().min(1).max(64),
    personId: z.string().min(1).max(64).nullable().default(null),
    householdId: z.string().min(1).max(64).nullable().default(null),
    confirmedOn: LocalDate,
    note: z.string().trim().max(300).nullable().default(null),
  })
  .refine((c) => c.personId !== null || c.householdId !== null || c.note !== null, {
    message: 'name a person, a household or say who in the note',
    path: ['personId'],
  });
export type ConfirmedCaseInput = z.input<typeof ConfirmedCaseInput>;

/** What keeps a compound from being declared epidemic-free. */
export const EpidemicFreeBlocker = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('confirmed-case'),
    id: z.string(),
    subject: z.string(),
    confirmedOn: LocalDate,
    clearOn: LocalDate,
  }),
  z.object({
    kind: z.literal('watch'),
    id: z.string(),
    watchKind: z.enum(['suspected-case', 'fever-follow-up', 'close-contact', 'close-contact-household']),
    subject: z.string(),
    startDate: LocalDate,
    endDate: LocalDate.nullable(),
    /** The period has ended but nobody has released the entry yet. */
    awaitingRelease: z.boolean(),
  }),
  z.object({ kind: z.literal('fever-event'), id: z.string(), subject: z.string(), occurredAt: Instant }),
]);
export type EpidemicFreeBlocker = z.infer<typeof EpidemicFreeBlocker>;

export const CompoundCheck = z.object({
  communityId: z.string(),
  communityName: z.string(),
  today: LocalDate,
  epidemicFree: z.boolean(),
  lastConfirmedOn: LocalDate.nullable(),
  blockers: z.array(EpidemicFreeBlocker),
});
export type CompoundCheck = z.infer<typeof CompoundCheck>;

/** The epidemic-free compound check: no confirmed case for 14 days, no un-released suspected, fever or close-contact person. */
export const EpidemicFreeResponse = z.object({ compounds: z.array(CompoundCheck) });
export type EpidemicFreeResponse = z.infer<typeof EpidemicFreeResponse>;
