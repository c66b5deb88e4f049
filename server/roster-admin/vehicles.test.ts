import { describe, expect, it } from 'vitest';
import { normalizePlate } from './vehicles.ts';

describe('normalizePlate', () => {
  it('drops the separators people type and upper-cases letters', () => {
    expect(normalizePlate('沪a·12345')).toBe('沪A12345');
    expect(normalizePlate('沪A 12345')).toBe('沪A12345');
    expect(normalizePlate('沪AD-67890')).toBe('沪AD67890');
  });
});
