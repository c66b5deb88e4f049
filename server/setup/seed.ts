import type { Kysely } from 'kysely';
import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { UserRole } from '../../protocol/review.ts';
import { DEFAULT_SCREENING_RULES } from '../../protocol/roster.ts';
import { checkDigitFor, maskResidentId } from '../../protocol/resident-id.ts';
import type { Database } from '../db/schema.ts';
import { addDays, communityDate } from '../../protocol/community-date.ts';
import {
  DEMO_COMMUNITY_NAME,
  DEMO_DEVICE_ID,
  DEMO_GATE,
  DEMO_HOUSEHOLDS,
  DEMO_QUESTIONS,
  DEMO_STAFF,
  DEMO_VEHICLES,
  DEMO_VISITOR,
  DEMO_WATCH,
  type DemoPerson,
} from './demo-community.ts';
import { enrollDevice } from '../accounts/devices.ts';
import { hashIdNumber, type ServerKeys } from './keys.ts';
import { signCompactPass, signPass } from '../roster-admin/passes.ts';
import { setGuardPin } from '../accounts/guard-accounts.ts';
import { createUser } from '../accounts/sessions.ts';

export interface DemoGateFile {
  serverUrl: string;
  deviceId: string;
  gateId: string;
  deviceToken: string;
}
export interface DemoAccount {
  username: string;
  password: string;
  role: UserRole;
  /** Guards: the name the kiosk shows and the PIN to sign in with. */
  displayName?: string;
  pin?: string;
}
export interface DemoPass {
  personId: string;
  name: string;
  room: string;
  /** The compact form (CP2) that pass sheets print. */
  pass: string;
  /** The same pass in the older JSON form (CP1), which gates still read: for the bench and the tests of both. */
  jsonPass: string;
}

export type SeedResult =
  | {
      created: true;
      communityId: string;
      gate: DemoGateFile;
      accounts: DemoAccount[];
      passes: DemoPass[];
      persons: number;
      households: number;
    }
  | { created: false; communityId: string };

const PASSES_FOR_FIRST_RESIDENTS = 5;

/** Files holding a credential: readable by their owner only. */
function writeSecretJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/**
 * Loads the demo community once: a second run finds it and changes nothing (the device token
 * and passwords exist only in the files the first run wrote).
 */
export async function seedDemo(options: {
  db: Kysely<Database>;
  keys: ServerKeys;
  dataDir: string;
  serverUrl: string;
  now?: Date;
}): Promise<SeedResult> {
  const { db, keys } = options;
  const now = (options.now ?? new Date()).toISOString();
  const existing = await db.selectFrom('communities').select('id').where('name', '=', DEMO_COMMUNITY_NAME).executeTakeFirst();
  if (existing) return { created: false, communityId: existing.id };

  const communityId = uuidv7();
  const gateId = uuidv7();
  const passes: DemoPass[] = [];
  let personCount = 0;

  const result = await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('communities')
      .values({ id: communityId, name: DEMO_COMMUNITY_NAME, roster_version: 1, created_at: now })
      .execute();
    await trx
      .insertInto('gates')
      .values({ id: gateId, community_id: communityId, name: DEMO_GATE.name, note: DEMO_GATE.note, is_main: 1 })
      .execute();
    const personIds = new Map<string, string>();
    const householdIds = new Map<string, string>();

    const insertPerson = async (person: DemoPerson, householdId: string | null): Promise<string> => {
      const id = uuidv7();
      const idNumber = person.idBody ? person.idBody + checkDigitFor(person.idBody) : null;
      await trx
        .insertInto('persons')
        .values({
          id,
          community_id: communityId,
          household_id: householdId,
          name: person.name,
          category: person.category,
          phone: person.phone,
          id_hash: idNumber ? hashIdNumber(keys.idHashKey, idNumber) : null,
          id_masked: idNumber ? maskResidentId(idNumber) : null,
        })
        .execute();
      personCount++;
      personIds.set(person.name, id);
      return id;
    };

    for (const household of DEMO_HOUSEHOLDS) {
      const householdId = uuidv7();
      await trx
        .insertInto('households')
        .values({
          id: householdId,
          community_id: communityId,
          building: household.building,
          unit: household.unit,
          room: household.room,
        })
        .execute();
      householdIds.set(`${household.building} ${household.unit} ${household.room}`, householdId);
      for (const person of household.persons) {
        const personId = await insertPerson(person, householdId);
        if (person.category === 'resident' && passes.length < PASSES_FOR_FIRST_RESIDENTS) {
          passes.push({
            personId,
            name: person.name,
            room: `${household.building}${household.unit}${household.room}`,
            pass: signCompactPass(keys.passPrivateKey, { personId, communityId, issuedAt: now }),
            jsonPass: signPass(keys.passPrivateKey, { personId, communityId, issuedAt: now }),
          });
        }
      }
    }
    for (const staff of DEMO_STAFF) await insertPerson(staff, null);

    const lookUp = (map: Map<string, string>, key: string): string => {
      const id = map.get(key);
      if (!id) throw new Error(`demo community names an unknown ${key}`);
      return id;
    };
    const today = communityDate(new Date(now));
    for (const vehicle of DEMO_VEHICLES) {
      await trx
        .insertInto('vehicles')
        .values({
          id: uuidv7(),
          community_id: communityId,
          household_id: lookUp(householdIds, vehicle.household),
          plate: vehicle.plate,
        })
        .execute();
    }
    for (const watch of DEMO_WATCH) {
      const startDate = addDays(today, -watch.startDaysAgo);
      await trx
        .insertInto('watch_entries')
        .values({
          id: uuidv7(),
          community_id: communityId,
          kind: watch.kind,
          person_id: watch.person ? lookUp(personIds, watch.person) : null,
          household_id: watch.household ? lookUp(householdIds, watch.household) : null,
          start_date: startDate,
          end_date: watch.days === null ? null : addDays(startDate, watch.days - 1),
          origin: watch.origin ?? null,
          arrival_date: watch.arrivalDaysAgo === undefined ? null : addDays(today, -watch.arrivalDaysAgo),
          note: watch.note,
          created_at: now,
          released_at: watch.released ? now : null,
        })
        .execute();
    }
    await trx
      .insertInto('question_sets')
      .values({ community_id: communityId, version: 1, questions: JSON.stringify(DEMO_QUESTIONS), created_at: now })
      .execute();
    await trx
      .insertInto('screening_rules')
      .values({
        community_id: communityId,
        fever_threshold_c: DEFAULT_SCREENING_RULES.feverThresholdC,
        baseline_offset_c: DEFAULT_SCREENING_RULES.baselineOffsetC,
        home_observation_days: DEFAULT_SCREENING_RULES.homeObservationDays,
        goal_fever_c: DEFAULT_SCREENING_RULES.goal?.feverC ?? null,
        goal_find_share: DEFAULT_SCREENING_RULES.goal?.findShare ?? null,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('visitor_passes')
      .values({
        id: uuidv7(),
        community_id: communityId,
        code: DEMO_VISITOR.code,
        name: DEMO_VISITOR.name,
        host_household_id: lookUp(householdIds, DEMO_VISITOR.household),
        valid_from: today,
        valid_until: addDays(today, DEMO_VISITOR.validDays - 1),
        vehicle_plate: DEMO_VISITOR.vehiclePlate,
        created_at: now,
      })
      .execute();

    const device = await enrollDevice(trx, { deviceId: DEMO_DEVICE_ID, gateId, now });
    const accounts: DemoAccount[] = [
      { username: 'admin', password: randomBytes(9).toString('base64url'), role: 'admin' },
      { username: 'staff', password: randomBytes(9).toString('base64url'), role: 'community' },
      { username: 'wuye', password: randomBytes(9).toString('base64url'), role: 'property' },
      {
        username: 'guard-wang',
        password: randomBytes(9).toString('base64url'),
        role: 'guard',
        displayName: '王师傅',
        pin: String(randomInt(0, 1_000_000)).padStart(6, '0'),
      },
    ];
    for (const account of accounts) {
      await createUser(trx, { username: account.username, password: account.password, role: account.role, now });
      if (account.pin) await setGuardPin(trx, account.username, account.displayName ?? account.username, account.pin);
    }
    return { device, accounts };
  });

  const gate: DemoGateFile = {
    serverUrl: options.serverUrl,
    deviceId: result.device.deviceId,
    gateId,
    deviceToken: result.device.token,
  };
  writeSecretJson(join(options.dataDir, 'demo-gate.json'), gate);
  writeSecretJson(join(options.dataDir, 'demo-accounts.json'), result.accounts);
  writeSecretJson(join(options.dataDir, 'demo-passes.json'), passes);
  return {
    created: true,
    communityId,
    gate,
    accounts: result.accounts,
    passes,
    persons: personCount,
    households: DEMO_HOUSEHOLDS.length,
  };
}
