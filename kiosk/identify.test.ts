import { describe, expect, it } from 'vitest';
import { identify } from './identify.ts';
import { makeRoster } from '../test/support/kiosk-fixtures.ts';

const roster = makeRoster({
  households: [{ id: 'h1', building: '1栋', unit: '2单元', room: '301' }],
  persons: [
    {
      id: 'p1',
      householdId: 'h1',
      name: '张伟',
      category: 'resident',
      idHash: 'a'.repeat(64),
      idMasked: '110**************X',
      phoneTail: '1234',
    },
    { id: 'p2', householdId: 'h1', name: '李娜', category: 'tenant', idHash: null, idMasked: null, phoneTail: null },
  ],
});

describe('identify', () => {
  it('finds a pass holder in the cached roster with their room', () => {
    expect(identify({ kind: 'pass', personId: 'p2', issuedAt: '2026-11-01T00:00:00.000Z' }, roster)).toMatchObject({
      category: 'tenant',
      personId: 'p2',
      name: '李娜',
      room: '1栋 2单元 301',
      flags: [],
      problem: null,
    });
  });

  it('finds a resident by the hash of their ID number', () => {
    expect(
      identify({ kind: 'id-number', idHash: 'a'.repeat(64), idMasked: '110**************X', legacy: false }, roster),
    ).toMatchObject({
      personId: 'p1',
      name: '张伟',
    });
  });

  it('flags a valid ID number that is not on the roster as an unknown person, keeping the hash', () => {
    expect(
      identify({ kind: 'id-number', idHash: 'b'.repeat(64), idMasked: '320**************1', legacy: false }, roster),
    ).toMatchObject({
      category: 'unknown',
      idHash: 'b'.repeat(64),
      flags: ['unknown-person'],
      problem: 'unknownPerson',
    });
  });

  it('reports a wrong check digit as an invalid ID, not as an unknown person', () => {
    expect(identify({ kind: 'id-number-invalid', reason: 'check-digit', idMasked: '110**************3' }, roster)).toMatchObject({
      flags: ['unknown-person', 'invalid-id'],
      problem: 'idInvalid',
      problemDetail: 'reasonCheckDigit',
    });
  });

  it('treats a pass for a person the roster does not know as unknown', () => {
    expect(identify({ kind: 'pass', personId: 'gone', issuedAt: '2026-11-01T00:00:00.000Z' }, roster).problem).toBe(
      'unknownPerson',
    );
  });

  it('cannot identify anyone without a roster', () => {
    expect(identify({ kind: 'pass', personId: 'p1', issuedAt: '2026-11-01T00:00:00.000Z' }, undefined).personId).toBeNull();
  });
});
