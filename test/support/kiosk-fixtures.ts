import { DEFAULT_SCREENING_RULES, type EntryRecord, type RosterSnapshot, type WatchEntry } from '../../protocol/index.ts';
import { syncPriority } from '../../protocol/index.ts';
import type { Identity } from '../../kiosk/identify.ts';
import type { JournalEntry } from '../../kiosk/journal.ts';
import type { PersonScreening } from '../../kiosk/screening.ts';
import { SAMPLE_DEVICE } from './entry-record.ts';

/** A roster snapshot with nothing in it but what a test says. */
export function makeRoster(overrides: Partial<RosterSnapshot> = {}): RosterSnapshot {
  return {
    communityId: 'c1',
    communityName: '幸福里小区',
    timeZone: 'Asia/Shanghai',
    version: 1,
    generatedAt: '2026-11-25T00:00:00.000Z',
    gate: { id: SAMPLE_DEVICE.gateId, name: '东门' },
    deviceId: SAMPLE_DEVICE.deviceId,
    households: [],
    persons: [],
    vehicles: [],
    watch: [],
    visitors: [],
    questionSet: null,
    rules: DEFAULT_SCREENING_RULES,
    guards: [],
    ...overrides,
  };
}

export function makeJournalEntry(record: EntryRecord, state: JournalEntry['state'] = 'unsent'): JournalEntry {
  return { record, state, priority: syncPriority(record), savedAt: record.occurredAt, sentAt: null, reason: null };
}

/** The kiosk unit tests' household: 1栋 1单元 101. */
export const HOUSEHOLD_1 = { id: 'h1', building: '1栋', unit: '1单元', room: '101' } as const;

/** A watch-list entry: 14 days of home observation from 20 November, for p2 unless the test says. */
export function makeWatchEntry(overrides: Partial<WatchEntry> = {}): WatchEntry {
  return {
    id: 'w1',
    kind: 'home-observation',
    personId: 'p2',
    householdId: null,
    startDate: '2026-11-20',
    endDate: '2026-12-03',
    origin: null,
    arrivalDate: null,
    note: null,
    ...overrides,
  };
}

/** A resident known to the roster (p1, 张伟), nothing flagged, unless the test says. */
export function makeIdentity(overrides: Partial<Identity> = {}): Identity {
  return {
    category: 'resident',
    personId: 'p1',
    name: '张伟',
    room: null,
    idHash: null,
    idMasked: null,
    flags: [],
    problem: null,
    problemDetail: null,
    ...overrides,
  };
}

/** A person on the kiosk's screen: the resident of makeIdentity coming in, masked, no readings yet. */
export function makePersonScreening(overrides: Partial<PersonScreening> = {}): PersonScreening {
  return {
    startedAt: 0,
    scan: null,
    identity: makeIdentity(),
    householdId: HOUSEHOLD_1.id,
    visitor: null,
    vehicle: null,
    direction: 'in',
    mask: 'worn',
    answers: {},
    readings: [],
    remeasureAfter: null,
    ...overrides,
  };
}
