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

  it('recognises the 15-digit legacy form', () => {
    expect(checkResidentId('110105491231002')).toMatchObject({ ok: true, legacy: true, birthDate: '1949-12-31' });
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
