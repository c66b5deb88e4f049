import { v7 as uuidv7 } from 'uuid';
import { DEFAULT_SCREENING_RULES, syncPriority, type EntryRecord, type RosterSnapshot } from '../../protocol/index.ts';
import type { JournalEntry } from '../journal.ts';

/** A roster snapshot with nothing in it but what a test says. */
export function makeRoster(overrides: Partial<RosterSnapshot> = {}): RosterSnapshot {
  return {
    communityId: 'c1',
    communityName: '幸福里小区',
    timeZone: 'Asia/Shanghai',
    version: 1,
    generatedAt: '2026-11-25T00:00:00.000Z',
    gate: { id: 'gate-east', name: '东门' },
    deviceId: 'gate-east-1',
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

/** A valid record as the kiosk writes it, with whatever a test cares about overridden. */
export function makeRecord(overrides: Partial<EntryRecord> = {}): EntryRecord {
  return {
    id: uuidv7(),
    schemaVersion: 1,
    occurredAt: '2026-11-25T08:00:00.000Z',
    gateId: 'gate-east',
    deviceId: 'gate-east-1',
    guard: { id: 'g1', name: '王师傅' },
    shiftId: 's1',
    direction: 'in',
    subject: { category: 'resident', personId: 'p1', name: '张伟', idHash: null, idMasked: '110**************X', scan: null },
    mask: 'worn',
    answers: [],
    questionSetVersion: null,
    readings: [],
    ambientC: null,
    baselineC: null,
    decision: 'admitted',
    reason: null,
    flags: [],
    vehicle: null,
    visitor: null,
    ...overrides,
  };
}

export function makeJournalEntry(record: EntryRecord, state: JournalEntry['state'] = 'unsent'): JournalEntry {
  return { record, state, priority: syncPriority(record), savedAt: record.occurredAt, sentAt: null, reason: null };
}
