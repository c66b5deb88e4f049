import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCREENING_RULES, type RosterSnapshot, type TemperatureReading } from '../protocol/index.ts';
import { buildEntry, type EntryDraft } from './entry-builder.ts';

const roster: RosterSnapshot = {
  communityId: 'c1',
  communityName: '幸福里小区',
  version: 1,
  generatedAt: '2026-11-25T08:00:00.000Z',
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
};

function reading(objectC: number): TemperatureReading {
  return { type: 'temperature', deviceId: 'gun-1', at: '2026-11-25T08:00:01.000Z', objectC, ambientC: 21.5, offsetC: 0, calibration: { state: 'ok', calibratedAt: null, by: null, method: null, referenceC: null, expiresAt: null }, ambientOutOfRange: false };
}

function draft(overrides: Partial<EntryDraft> = {}): EntryDraft {
  return {
    id: uuidv7(),
    now: new Date('2026-11-25T08:00:02.000Z'),
    roster,
    guardName: '王师傅',
    direction: 'in',
    mask: 'worn',
    scan: { kind: 'pass', personId: 'p1', issuedAt: '2026-11-01T00:00:00.000Z' },
    identity: { category: 'resident', personId: 'p1', name: '张伟', room: null, idHash: null, idMasked: null, flags: [], problem: null, problemDetail: null },
    reading: reading(36.6),
    decision: 'admitted',
    ...overrides,
  };
}

describe('buildEntry', () => {
  it('stamps the gate and device from the cached roster and keeps the reading with its ambient', () => {
    const entry = buildEntry(draft());
    expect(entry).toMatchObject({ gateId: 'gate-east', deviceId: 'gate-east-1', guard: { name: '王师傅' }, ambientC: 21.5, flags: [] });
    expect(entry.readings).toEqual([{ valueC: 36.6, source: 'infrared', at: '2026-11-25T08:00:01.000Z', ambientC: 21.5 }]);
  });

  it('flags a reading at the threshold as fever', () => {
    expect(buildEntry(draft({ reading: reading(37.3) })).flags).toEqual(['fever']);
    expect(buildEntry(draft({ reading: reading(37.2) })).flags).toEqual([]);
  });

  it('keeps the identity flags', () => {
    const identity = { ...draft().identity, category: 'unknown' as const, personId: null, flags: ['unknown-person' as const, 'invalid-id' as const] };
    expect(buildEntry(draft({ identity, reading: null })).flags).toEqual(['unknown-person', 'invalid-id']);
  });

  it('refuses to build a record the schema rejects', () => {
    expect(() => buildEntry(draft({ guardName: '' }))).toThrow();
  });
});
