import { describe, expect, it } from 'vitest';
import { matchHouseholds } from './household-match.ts';

const household = (id: string, building: string, unit: string, room: string) => ({ id, building, unit, room });
const roster = [
  household('a', '1栋', '1单元', '101'),
  household('b', '1栋', '1单元', '502'),
  household('c', '1栋', '2单元', '203'),
  household('d', '12栋', '1单元', '502'),
  household('e', 'A座', '', '1502'),
];
const ids = (typed: string, limit = 10) => matchHouseholds(roster, typed, limit).map((h) => h.id);

describe('finding the host household from what the guard types', () => {
  it('reads building and room however they are written', () => {
    expect(ids('1-502')).toEqual(['b']);
    expect(ids('1栋502')).toEqual(['b']);
    expect(ids('1 1 502')).toEqual(['b']);
    expect(ids('12-502')).toEqual(['d']);
    expect(ids('a 1502')).toEqual(['e']);
  });

  it('narrows on the beginning of the last part only, and a room alone finds it in every building', () => {
    expect(ids('1-50')).toEqual(['b']);
    expect(ids('502')).toEqual(['b', 'd']);
    expect(ids('1-2')).toEqual(['c']);
    expect(ids('2-502')).toEqual([]);
  });

  it('stops at the limit, and lists the roster from the start when nothing is typed', () => {
    expect(ids('', 2)).toEqual(['a', 'b']);
    expect(ids('1', 3)).toEqual(['a', 'b', 'c']);
  });

  it('finds one among thousands', () => {
    const big = Array.from({ length: 4700 }, (_, i) =>
      household(`h${i}`, `${1 + Math.floor(i / 100)}栋`, '1单元', String(101 + (i % 100))),
    );
    expect(matchHouseholds(big, '47-200', 20).map((h) => h.id)).toEqual(['h4699']);
  });
});
