import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { EntryRecord } from '../protocol/index.ts';
import type { JournalEntry } from './journal.ts';
import { matchesLogSearch, summariseShift } from './shift-summary.ts';
import { SAMPLE_DEVICE, makeEntryRecord } from '../test/support/entry-record.ts';
import { makeJournalEntry } from '../test/support/kiosk-fixtures.ts';

/** A resident's entry in shift s1 (what these counts and searches read), with the test's overrides. */
function entry(overrides: Partial<EntryRecord>, state: JournalEntry['state'] = 'sent'): JournalEntry {
  const sample = makeEntryRecord(SAMPLE_DEVICE);
  const subject = { ...sample.subject, category: 'resident' as const, personId: 'p1', name: '张伟' };
  return makeJournalEntry({ ...sample, shiftId: 's1', subject, ...overrides }, state);
}

describe('summariseShift', () => {
  it('counts this shift only, by direction, decision, fever and sync state; an abandoned screening or a drop-off is no passage', () => {
    const entries = [
      entry({}),
      entry({ direction: 'out' }, 'unsent'),
      entry({ decision: 'referred', flags: ['fever'] }, 'unsent'),
      entry({ decision: 'denied' }, 'rejected'),
      entry({ decision: 'drop-off' }),
      entry({ decision: 'abandoned', reason: 'cancelled', flags: ['fever'] }),
      entry({ shiftId: 'other' }),
    ];
    expect(summariseShift(entries, 's1')).toEqual({
      total: 4,
      in: 3,
      out: 1,
      admitted: 2,
      denied: 1,
      referred: 1,
      dropOffs: 1,
      abandoned: 1,
      fevers: 2,
      unsent: 2,
      rejected: 1,
    });
  });
});

describe('matchesLogSearch', () => {
  it('matches part of a name, a room or a plate, case-insensitively', () => {
    const car = entry({ vehicle: { passageId: uuidv7(), plate: '鄂A12345', role: 'driver' } });
    expect(matchesLogSearch(car, '1栋 1单元 101', '张')).toBe(true);
    expect(matchesLogSearch(car, '1栋 1单元 101', '101')).toBe(true);
    expect(matchesLogSearch(car, null, 'a123')).toBe(true);
    expect(matchesLogSearch(car, null, '李')).toBe(false);
    expect(matchesLogSearch(car, null, '  ')).toBe(true);
  });
});
