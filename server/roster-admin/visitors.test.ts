import { describe, expect, it } from 'vitest';
import { newVisitorCode } from './visitors.ts';

describe('newVisitorCode', () => {
  it('makes codes the gate classifies as visitor codes, without look-alike characters', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newVisitorCode()));
    for (const code of codes) {
      expect(code).toMatch(/^V-[A-Za-z0-9]{4,32}$/);
      expect(code.slice(2)).not.toMatch(/[01OI]/);
    }
    expect(codes.size).toBe(200);
  });
});
