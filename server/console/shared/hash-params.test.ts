import { describe, expect, it } from 'vitest';
import { hashParams, pageLink } from './hash-params.ts';

describe('hash parameters', () => {
  it('round-trips a page link, leaving out empty values', () => {
    const link = pageLink('contacts', { entry: 'e 1&2', minutes: '15', person: '' });
    expect(link).toBe('#/contacts?entry=e+1%262&minutes=15');
    expect(Object.fromEntries(hashParams(link))).toEqual({ entry: 'e 1&2', minutes: '15' });
    expect([...hashParams('#/figures')]).toEqual([]);
  });
});
