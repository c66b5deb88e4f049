import { describe, expect, it } from 'vitest';
import { nulTextPath } from './nul-text.ts';

describe('nulTextPath', () => {
  it('names the first string holding U+0000, however deep', () => {
    expect(nulTextPath({ subject: { name: 'a\u0000b' } })).toBe('subject.name');
    expect(nulTextPath({ answers: [{ answer: true }, { answer: 'x\u0000' }] })).toBe('answers.1.answer');
    expect(nulTextPath('\u0000')).toBe('record');
  });

  it('passes text without one, other control characters and bidi overrides included', () => {
    expect(
      nulTextPath({ subject: { name: '访客\u202Egnp.exe\t\u0001' }, readings: [{ valueC: 36.5 }], vehicle: null }),
    ).toBeNull();
  });
});
