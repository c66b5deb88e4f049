import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { type Reading } from '../protocol/index.ts';
import { buildEntry, type EntryDraft } from './entry-builder.ts';
import { assess, type PersonScreening } from './screening.ts';
import { makeIdentity, makePersonScreening, makeRoster, makeWatchEntry } from '../test/support/kiosk-fixtures.ts';

const roster = makeRoster({
  watch: [makeWatchEntry({ id: 'w', kind: 'close-contact', personId: 'p1' })],
  questionSet: { version: 3, questions: [{ id: 'fever', text: { 'zh-CN': '是否发热？', en: 'Fever?' }, riskAnswer: true }] },
});

function reading(valueC: number, source: Reading['source'] = 'infrared'): Reading {
  return { valueC, source, at: '2026-11-25T08:00:01.000Z', ambientC: source === 'axillary' ? null : 21.5 };
}

function screening(overrides: Partial<PersonScreening> = {}): PersonScreening {
  return makePersonScreening({
    scan: { kind: 'pass', personId: 'p9', issuedAt: '2026-11-01T00:00:00.000Z' },
    identity: makeIdentity({ personId: 'p9' }),
    householdId: null,
    answers: { fever: false },
    readings: [reading(36.6)],
    ...overrides,
  });
}

function draft(person: PersonScreening, overrides: Partial<EntryDraft> = {}): EntryDraft {
  return {
    id: uuidv7(),
    now: new Date('2026-11-25T08:00:02.000Z'),
    roster,
    guard: { id: 'g1', name: '王师傅', shiftId: uuidv7() },
    screening: person,
    assessment: assess(person, { roster, recentNormal: [], calibration: 'ok', today: '2026-11-25' }),
    decision: 'admitted',
    reason: null,
    ...overrides,
  };
}

describe('buildEntry', () => {
  it('stamps gate, device, guard, shift, answers and the question-set version', () => {
    const entry = buildEntry(draft(screening()));
    expect(entry).toMatchObject({
      gateId: 'gate-east',
      deviceId: 'gate-east-1',
      guard: { id: 'g1', name: '王师傅' },
      answers: [{ questionId: 'fever', answer: false }],
      questionSetVersion: 3,
      ambientC: 21.5,
      flags: [],
    });
    expect(entry.readings).toEqual([reading(36.6)]);
  });

  it('keeps every reading with its source, and the fever flag from the axillary reading', () => {
    const person = screening({ readings: [reading(37.6), reading(37.7), reading(38.2, 'axillary')] });
    const entry = buildEntry(draft(person, { decision: 'referred' }));
    expect(entry.readings.map((r) => r.source)).toEqual(['infrared', 'infrared', 'axillary']);
    expect(entry.flags).toEqual(['fever']);
    expect(entry.ambientC).toBe(21.5);
  });

  it('marks a referral as a fever case even without an axillary reading', () => {
    const person = screening({ readings: [reading(37.6), reading(37.7)] });
    expect(buildEntry(draft(person, { decision: 'referred' })).flags).toContain('fever');
  });

  it('records the override and its reason when a close contact is let out', () => {
    const person = screening({ identity: { ...screening().identity, personId: 'p1' }, direction: 'out' });
    const entry = buildEntry(draft(person, { reason: '就医，社区已批准' }));
    expect(entry.flags).toEqual(expect.arrayContaining(['close-contact', 'watch-override']));
    expect(entry.reason).toBe('就医，社区已批准');
  });

  it('logs an abandoned screening with its readings, and as a fever case when a reading was high', () => {
    const high = buildEntry(draft(screening({ readings: [reading(37.6)] }), { decision: 'abandoned', reason: 'cancelled' }));
    expect(high).toMatchObject({ decision: 'abandoned', reason: 'cancelled', readings: [reading(37.6)] });
    expect(high.flags).toContain('fever');
    const normal = buildEntry(draft(screening(), { decision: 'abandoned', reason: 'page-closed' }));
    expect(normal.flags).not.toContain('fever');
    const none = buildEntry(draft(screening({ readings: [] }), { decision: 'abandoned', reason: 'shift-ended' }));
    expect(none).toMatchObject({ readings: [], flags: [] });
  });

  it('refuses to build a record the schema rejects', () => {
    expect(() => buildEntry(draft(screening(), { guard: { id: null, name: '', shiftId: null } }))).toThrow();
  });
});
