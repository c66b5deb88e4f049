import { describe, expect, it } from 'vitest';
import { searchPersons } from './person-search.ts';
import { makeRoster } from '../test/support/kiosk-fixtures.ts';

const roster = makeRoster({
  households: [
    { id: 'h1', building: '1栋', unit: '1单元', room: '101' },
    { id: 'h2', building: '2栋', unit: '1单元', room: '101' },
  ],
  persons: [
    { id: 'p1', householdId: 'h1', name: '张伟', category: 'resident', idHash: null, idMasked: null, phoneTail: '1234' },
    { id: 'p2', householdId: 'h1', name: '李娜', category: 'resident', idHash: null, idMasked: null, phoneTail: '5678' },
    { id: 'p3', householdId: 'h2', name: '张敏', category: 'tenant', idHash: null, idMasked: null, phoneTail: null },
  ],
});

const empty = { building: '', unit: '', room: '', name: '', phoneTail: '' };

describe('searchPersons', () => {
  it('finds by building, unit and room', () => {
    expect(searchPersons(roster, { ...empty, building: '1栋', unit: '1单元', room: '101' }).map((m) => m.person.id)).toEqual([
      'p1',
      'p2',
    ]);
  });

  it('finds by part of a name and narrows by building', () => {
    expect(searchPersons(roster, { ...empty, name: '张' }).map((m) => m.person.id)).toEqual(['p1', 'p3']);
    expect(searchPersons(roster, { ...empty, name: '张', building: '2栋' }).map((m) => m.person.id)).toEqual(['p3']);
  });

  it('finds by the last four digits of the phone', () => {
    expect(searchPersons(roster, { ...empty, phoneTail: '5678' })).toMatchObject([
      { person: { id: 'p2' }, household: { room: '101' } },
    ]);
  });

  it('answers nothing for an empty query rather than the whole roster', () => {
    expect(searchPersons(roster, empty)).toEqual([]);
  });
});
