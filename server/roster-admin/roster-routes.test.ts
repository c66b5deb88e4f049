import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDigitFor } from '../../protocol/resident-id.ts';
import { RosterSnapshot } from '../../protocol/roster.ts';
import { HouseholdView, PersonView } from '../../protocol/roster-admin.ts';
import { hashIdNumber } from '../setup/keys.ts';
import { closeTestApp, openTestApp, signIn, type TestApp } from '../../test/support/server-app.ts';

const NOW = new Date('2026-11-25T02:00:00Z');
const VALID_ID = '11010519491231002X';
let test: TestApp;
let property: string;

beforeEach(async () => {
  test = await openTestApp({ now: () => NOW });
  property = await signIn(test, 'wuye', 'property');
});
afterEach(async () => closeTestApp(test));

function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, cookie: string, payload?: unknown) {
  return test.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
}

async function rosterVersion(): Promise<number> {
  const response = await test.app.inject({
    method: 'GET',
    url: '/api/v1/roster',
    headers: { authorization: `Bearer ${test.gate.deviceToken}` },
  });
  return RosterSnapshot.parse(response.json()).version;
}

async function addHousehold(room = '502'): Promise<HouseholdView> {
  const response = await call('POST', '/api/v1/admin/households', property, { building: '1栋', unit: '1单元', room });
  expect(response.statusCode).toBe(201);
  return HouseholdView.parse(response.json());
}

describe('roster admin routes', () => {
  it('creates a household with the floor read from the room, refuses the same address twice, and bumps the roster version', async () => {
    const before = await rosterVersion();
    const household = await addHousehold('1203');
    expect(household).toMatchObject({ floor: 12, personCount: 0 });
    expect(await rosterVersion()).toBe(before + 1);
    const again = await call('POST', '/api/v1/admin/households', property, { building: '1栋', unit: '1单元', room: '1203' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'duplicate-household' });
  });

  it('stores a person ID number only as keyed hash and masked form, and the gate finds them by hash', async () => {
    const household = await addHousehold();
    const response = await call('POST', '/api/v1/admin/persons', property, {
      householdId: household.id,
      name: '张建国',
      category: 'resident',
      phone: '13801012345',
      idNumber: VALID_ID.toLowerCase(),
    });
    expect(response.statusCode).toBe(201);
    const person = PersonView.parse(response.json());
    expect(person.idMasked).toBe('110**************X');
    const rows = JSON.stringify(await test.gate.db.selectFrom('persons').selectAll().execute());
    expect(rows).not.toContain(VALID_ID);
    const snapshot = RosterSnapshot.parse(
      (
        await test.app.inject({
          method: 'GET',
          url: '/api/v1/roster',
          headers: { authorization: `Bearer ${test.gate.deviceToken}` },
        })
      ).json(),
    );
    expect(snapshot.persons.find((p) => p.id === person.id)?.idHash).toBe(hashIdNumber(test.keys.idHashKey, VALID_ID));
  });

  it('refuses an ID number with a wrong check character, with the reason and without echoing the number', async () => {
    const wrong = `${VALID_ID.slice(0, 17)}${checkDigitFor(VALID_ID.slice(0, 17)) === '1' ? '2' : '1'}`;
    const response = await call('POST', '/api/v1/admin/persons', property, {
      householdId: null,
      name: '李四',
      category: 'staff',
      idNumber: wrong,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid-id-number' });
    expect(response.json().message).toContain('check character');
    expect(response.body).not.toContain(wrong);
    expect(await test.gate.db.selectFrom('persons').selectAll().execute()).toEqual([]);
  });

  it('refuses a second person with the same ID number', async () => {
    await call('POST', '/api/v1/admin/persons', property, {
      householdId: null,
      name: '甲',
      category: 'staff',
      idNumber: VALID_ID,
    });
    const second = await call('POST', '/api/v1/admin/persons', property, {
      householdId: null,
      name: '乙',
      category: 'staff',
      idNumber: VALID_ID,
    });
    expect(second.statusCode).toBe(409);
  });

  it('keeps the ID number on an update that leaves it out and removes it on null', async () => {
    const created = PersonView.parse(
      (
        await call('POST', '/api/v1/admin/persons', property, {
          householdId: null,
          name: '甲',
          category: 'staff',
          idNumber: VALID_ID,
        })
      ).json(),
    );
    const renamed = PersonView.parse(
      (
        await call('PUT', `/api/v1/admin/persons/${created.id}`, property, { householdId: null, name: '甲乙', category: 'staff' })
      ).json(),
    );
    expect(renamed).toMatchObject({ name: '甲乙', idMasked: '110**************X' });
    const cleared = PersonView.parse(
      (
        await call('PUT', `/api/v1/admin/persons/${created.id}`, property, {
          householdId: null,
          name: '甲乙',
          category: 'staff',
          idNumber: null,
        })
      ).json(),
    );
    expect(cleared.idMasked).toBeNull();
  });

  it('refuses to delete a household that still has people', async () => {
    const household = await addHousehold();
    await call('POST', '/api/v1/admin/persons', property, { householdId: household.id, name: '甲', category: 'resident' });
    const response = await call('DELETE', `/api/v1/admin/households/${household.id}`, property);
    expect(response.statusCode).toBe(409);
  });

  it('registers vehicles with normalised plates and visitor passes with gate-readable codes', async () => {
    const household = await addHousehold();
    const vehicle = await call('POST', '/api/v1/admin/vehicles', property, { plate: '沪a·12345', householdId: household.id });
    expect(vehicle.json()).toMatchObject({ plate: '沪A12345' });
    expect(
      (await call('POST', '/api/v1/admin/vehicles', property, { plate: '沪A 12345', householdId: household.id })).statusCode,
    ).toBe(409);
    const visitor = await call('POST', '/api/v1/admin/visitors', property, {
      name: '访客',
      hostHouseholdId: household.id,
      validFrom: '2026-11-25',
      validUntil: '2026-11-26',
    });
    expect(visitor.statusCode).toBe(201);
    expect(visitor.json().code).toMatch(/^V-[A-Z2-9]{8}$/);
    const snapshot = RosterSnapshot.parse(
      (
        await test.app.inject({
          method: 'GET',
          url: '/api/v1/roster',
          headers: { authorization: `Bearer ${test.gate.deviceToken}` },
        })
      ).json(),
    );
    expect(snapshot.vehicles).toEqual([{ plate: '沪A12345', householdId: household.id }]);
    expect(snapshot.visitors.map((v) => v.code)).toEqual([visitor.json().code]);
    const expired = await call('POST', '/api/v1/admin/visitors', property, {
      name: '访客',
      hostHouseholdId: household.id,
      validFrom: '2026-11-20',
      validUntil: '2026-11-24',
    });
    expect(expired.json()).toMatchObject({ error: 'already-expired' });
    expect((await call('DELETE', `/api/v1/admin/visitors/${visitor.json().id}`, property)).statusCode).toBe(200);
    expect(
      RosterSnapshot.parse(
        (
          await test.app.inject({
            method: 'GET',
            url: '/api/v1/roster',
            headers: { authorization: `Bearer ${test.gate.deviceToken}` },
          })
        ).json(),
      ).visitors,
    ).toEqual([]);
  });

  it('lists gates with their devices and keeps a single main gate', async () => {
    const gate = await call('POST', '/api/v1/admin/gates', property, { name: '西门', isMain: true, note: '菜市场旁边' });
    expect(gate.statusCode).toBe(201);
    await call('POST', '/api/v1/admin/gates', property, { name: '南门', isMain: true, note: null });
    const gates = (await call('GET', '/api/v1/admin/gates', property)).json().gates as {
      name: string;
      isMain: boolean;
      devices: unknown[];
    }[];
    expect(gates.filter((g) => g.isMain).map((g) => g.name)).toEqual(['南门']);
    expect(gates.find((g) => g.name === '北门')?.devices).toHaveLength(1);
  });

  it('audits every look at the persons list', async () => {
    await call('GET', '/api/v1/admin/persons', property);
    const audit = await test.gate.db
      .selectFrom('audit_log')
      .innerJoin('users', 'users.id', 'audit_log.user_id')
      .select(['users.username', 'audit_log.detail'])
      .where('action', '=', 'roster.persons.view')
      .execute();
    expect(audit).toEqual([
      { username: 'wuye', detail: JSON.stringify({ communityId: test.gate.communityId, householdId: null, count: 0 }) },
    ]);
  });

  it('answers field errors for a malformed body', async () => {
    const response = await call('POST', '/api/v1/admin/households', property, { building: '', unit: '1单元' });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/building/);
  });
});

describe('roles on roster routes', () => {
  const routes: [string, string][] = [
    ['POST', '/api/v1/admin/households'],
    ['PUT', '/api/v1/admin/households/x'],
    ['DELETE', '/api/v1/admin/households/x'],
    ['POST', '/api/v1/admin/persons'],
    ['PUT', '/api/v1/admin/persons/x'],
    ['DELETE', '/api/v1/admin/persons/x'],
    ['GET', '/api/v1/admin/vehicles'],
    ['POST', '/api/v1/admin/vehicles'],
    ['DELETE', '/api/v1/admin/vehicles/x'],
    ['GET', '/api/v1/admin/gates'],
    ['POST', '/api/v1/admin/gates'],
    ['PUT', '/api/v1/admin/gates/x'],
    ['GET', '/api/v1/admin/visitors'],
    ['POST', '/api/v1/admin/visitors'],
    ['DELETE', '/api/v1/admin/visitors/x'],
  ];

  it('refuses guards and community staff (403) and anyone signed out (401)', async () => {
    const guard = await signIn(test, 'menwei', 'guard');
    const community = await signIn(test, 'shequ', 'community');
    for (const [method, url] of routes) {
      const m = method as 'GET';
      expect((await call(m, url, guard, {})).statusCode, `${method} ${url} guard`).toBe(403);
      expect((await call(m, url, community, {})).statusCode, `${method} ${url} community`).toBe(403);
      expect((await test.app.inject({ method: m, url })).statusCode, `${method} ${url} signed out`).toBe(401);
    }
  });

  it('lets community staff read households and persons (to pick people for the watch list), and guards not', async () => {
    const guard = await signIn(test, 'menwei', 'guard');
    const community = await signIn(test, 'shequ', 'community');
    for (const url of ['/api/v1/admin/households', '/api/v1/admin/persons']) {
      expect((await call('GET', url, community)).statusCode, url).toBe(200);
      expect((await call('GET', url, guard)).statusCode, url).toBe(403);
    }
  });

  it('lets an admin do what property staff do', async () => {
    const admin = await signIn(test, 'root', 'admin');
    expect(
      (await call('POST', '/api/v1/admin/households', admin, { building: '9栋', unit: '1单元', room: '101' })).statusCode,
    ).toBe(201);
  });
});
