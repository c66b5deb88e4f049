import { describe, expect, it } from 'vitest';
import { checkDigitFor, checkResidentId, looksLikeResidentId, maskResidentId } from './resident-id.ts';

const VALID = `11010519491231002${checkDigitFor('11010519491231002')}`;

describe('checkResidentId', () => {
  it('accepts a number whose MOD 11-2 check character matches', () => {
    expect(checkResidentId(VALID)).toEqual({ ok: true, normalized: VALID, legacy: false, birthDate: '1949-12-31' });
  });

  it('computes the published example check character', () => {
    // GB 11643-1999's worked example: 11010519491231002X.
    expect(checkDigitFor('11010519491231002')).toBe('X');
  });

  it('reports a wrong check digit as such', () => {
    const wrong = VALID.slice(0, 17) + (VALID[17] === '1' ? '2' : '1');
    expect(checkResidentId(wrong)).toEqual({ ok: false, reason: 'check-digit' });
  });

  it('rejects an impossible birth date before the check digit', () => {
    const body = '11010519490230002';
    expect(checkResidentId(body + checkDigitFor(body))).toEqual({ ok: false, reason: 'birth-date' });
  });

  it('upgrades the 15-digit legacy form to 18 digits: 19 inserted, the check character computed', () => {
    // The legacy form of GB 11643-1999's worked example 11010519491231002X.
    expect(checkResidentId('110105491231002')).toEqual({
      ok: true,
      normalized: '11010519491231002X',
      legacy: true,
      birthDate: '1949-12-31',
    });
    expect(checkResidentId('320102850315123')).toMatchObject({
      normalized: `32010219850315123${checkDigitFor('32010219850315123')}`,
    });
  });

  it('rejects a number whose first two digits are no province code, in either form', () => {
    const body = '99010519491231002';
    expect(checkResidentId(body + checkDigitFor(body))).toEqual({ ok: false, reason: 'province' });
    expect(checkResidentId('000105491231002')).toEqual({ ok: false, reason: 'province' });
    for (const code of ['11', '44', '65', '71', '81', '82', '83']) {
      const known = `${code}010519491231002`;
      expect(checkResidentId(known + checkDigitFor(known))).toMatchObject({ ok: true });
    }
    for (const code of ['10', '16', '20', '24', '40', '47', '55', '60', '66', '70', '80', '84', '90']) {
      const unknown = `${code}010519491231002`;
      expect(checkResidentId(unknown + checkDigitFor(unknown))).toEqual({ ok: false, reason: 'province' });
    }
  });

  it('accepts a lower-case x', () => {
    expect(checkResidentId(VALID.toLowerCase())).toMatchObject({ ok: true });
  });

  it('calls other text a format error', () => {
    expect(checkResidentId('hello')).toEqual({ ok: false, reason: 'format' });
    expect(looksLikeResidentId('hello')).toBe(false);
    expect(looksLikeResidentId(VALID)).toBe(true);
  });

  it('masks all but the region prefix and last character', () => {
    expect(maskResidentId(VALID)).toBe(`110${'*'.repeat(14)}X`);
  });
});
