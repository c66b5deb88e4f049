import { describe, expect, it } from 'vitest';
import { findVisitorPass, visitorIdentity } from './visitor-pass.ts';
import { makeRoster } from '../test/support/kiosk-fixtures.ts';

const roster = makeRoster({
  households: [{ id: 'h1', building: '3栋', unit: '2单元', room: '502' }],
  visitors: [
    {
      code: 'V-7K2Q9',
      name: '刘洋',
      hostHouseholdId: 'h1',
      validFrom: '2026-11-24',
      validUntil: '2026-11-26',
      vehiclePlate: null,
    },
  ],
});

describe('findVisitorPass', () => {
  it('finds a pre-registration valid today and names the host household', () => {
    const pass = findVisitorPass('V-7K2Q9', roster, '2026-11-25');
    expect(pass?.name).toBe('刘洋');
    expect(visitorIdentity(pass!, roster)).toMatchObject({ category: 'visitor', name: '刘洋', room: '3栋 2单元 502', flags: [] });
  });

  it('refuses a code outside its dates', () => {
    expect(findVisitorPass('V-7K2Q9', roster, '2026-11-27')).toBeNull();
    expect(findVisitorPass('V-7K2Q9', roster, '2026-11-23')).toBeNull();
  });

  it('accepts a code stored without the V- prefix', () => {
    const bare = { ...roster, visitors: [{ ...roster.visitors[0]!, code: '7K2Q9' }] };
    expect(findVisitorPass('V-7K2Q9', bare, '2026-11-25')).not.toBeNull();
  });
});
