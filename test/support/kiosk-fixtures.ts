import { DEFAULT_SCREENING_RULES, type EntryRecord, type RosterSnapshot } from '../../protocol/index.ts';
import { syncPriority } from '../../protocol/index.ts';
import type { JournalEntry } from '../../kiosk/journal.ts';
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
