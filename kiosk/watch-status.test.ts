import { describe, expect, it } from 'vitest';
import type { RosterSnapshot, WatchEntry } from '../protocol/index.ts';
import { makeRoster, makeWatchEntry } from '../test/support/kiosk-fixtures.ts';
import { EXIT_BLOCKING, watchFor } from './watch-status.ts';

function entry(overrides: Partial<WatchEntry>): WatchEntry {
  return makeWatchEntry({ id: 'w', personId: 'p1', ...overrides });
}

function roster(watch: WatchEntry[]): RosterSnapshot {
  return makeRoster({ watch });
}

describe('watchFor', () => {
  it('counts the day of a 14-day home observation', () => {
    const [status] = watchFor('p1', 'h1', roster([entry({})]), '2026-11-25');
    expect(status).toMatchObject({ day: 6, of: 14 });
  });

  it('ignores entries not yet started or already ended', () => {
    const watch = [entry({ id: 'future', startDate: '2026-11-26' }), entry({ id: 'over', endDate: '2026-11-24' })];
    expect(watchFor('p1', 'h1', roster(watch), '2026-11-25')).toEqual([]);
  });

  it('finds a household-wide close-contact entry for every member, and not for other households', () => {
    const watch = [entry({ kind: 'close-contact-household', personId: null, householdId: 'h1' })];
    expect(watchFor('p2', 'h1', roster(watch), '2026-11-25').map((s) => s.entry.kind)).toEqual(['close-contact-household']);
    expect(watchFor('p3', 'h2', roster(watch), '2026-11-25')).toEqual([]);
  });

  it('counts a returnee from the arrival date and keeps an open-ended period', () => {
    const watch = [
      entry({ kind: 'returnee', startDate: '2026-11-22', arrivalDate: '2026-11-21', endDate: null, origin: '武汉' }),
    ];
    expect(watchFor('p1', null, roster(watch), '2026-11-25')[0]).toMatchObject({ day: 5, of: null });
  });

  it('puts the kinds that block going out first', () => {
    const watch = [entry({ id: 'r', kind: 'returnee' }), entry({ id: 'h', kind: 'home-observation' })];
    const kinds = watchFor('p1', null, roster(watch), '2026-11-25').map((s) => s.entry.kind);
    expect(kinds).toEqual(['home-observation', 'returnee']);
    expect(EXIT_BLOCKING.has(kinds[0]!)).toBe(true);
  });
});
