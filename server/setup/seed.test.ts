import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDigitFor, checkResidentId } from '../../protocol/resident-id.ts';
import { DeviceConfig, RosterSnapshot } from '../../protocol/roster.ts';
import {
  COMPACT_PASS_LENGTH,
  compactPassMessage,
  decodeCompactClaims,
  PassClaims,
  splitCompactPass,
} from '../../protocol/pass.ts';
import { buildApp } from '../app.ts';
import { openDataDir } from './data-dir.ts';
import { DEMO_HOUSEHOLDS, DEMO_STAFF } from './demo-community.ts';
import { hashIdNumber } from './keys.ts';
import { seedDemo, type DemoAccount, type DemoGateFile, type DemoPass } from './seed.ts';
import { checkCredentials } from '../accounts/sessions.ts';
import { guardPinHashes } from '../accounts/guard-accounts.ts';
import { testDatabaseUrl } from '../../test/support/server-database.ts';

let dataDir: string;
let store: Awaited<ReturnType<typeof openDataDir>>;
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cp-seed-'));
  store = await openDataDir(dataDir, { databaseUrl: await testDatabaseUrl() });
});
afterEach(async () => {
  await store.db.destroy();
});

function readDemo<T>(file: string): T {
  expect(statSync(join(dataDir, file)).mode & 0o777).toBe(0o600);
  return JSON.parse(readFileSync(join(dataDir, file), 'utf8')) as T;
}

async function counts() {
  const count = async (table: 'communities' | 'households' | 'persons' | 'gates' | 'devices' | 'users') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    communities: await count('communities'),
    households: await count('households'),
    persons: await count('persons'),
    gates: await count('gates'),
    devices: await count('devices'),
    users: await count('users'),
  };
}

/** A pass checked as a gate checks it, with the key and community the device config gives: the person, or null. */
function verifiedPersonId(text: string, config: DeviceConfig): string | null {
  const key = createPublicKey({ key: Buffer.from(config.passPublicKey, 'base64'), format: 'der', type: 'spki' });
  const compact = splitCompactPass(text);
  if (compact)
    return verify(null, compactPassMessage(config.communityId, compact.claims), key, compact.signature)
      ? decodeCompactClaims(compact.claims).personId
      : null;
  const [, payload, signature] = text.split('.');
  const bytes = Buffer.from(payload!, 'base64url');
  if (!verify(null, bytes, key, Buffer.from(signature!, 'base64url'))) return null;
  const claims = PassClaims.parse(JSON.parse(bytes.toString('utf8')));
  return claims.communityId === config.communityId ? claims.personId : null;
}

describe('seedDemo', () => {
  it('is idempotent: a second run finds the community and changes nothing', async () => {
    const first = await seedDemo({ ...store, dataDir, serverUrl: 'http://127.0.0.1:9999' });
    expect(first.created).toBe(true);
    const after = await counts();
    const gateFile = readFileSync(join(dataDir, 'demo-gate.json'), 'utf8');
    const second = await seedDemo({ ...store, dataDir, serverUrl: 'http://127.0.0.1:9999' });
    expect(second).toEqual({ created: false, communityId: first.communityId });
    expect(await counts()).toEqual(after);
    expect(readFileSync(join(dataDir, 'demo-gate.json'), 'utf8')).toBe(gateFile);
    expect(after).toEqual({
      communities: 1,
      households: 12,
      persons: DEMO_HOUSEHOLDS.flatMap((h) => h.persons).length + DEMO_STAFF.length,
      gates: 1,
      devices: 1,
      users: 4,
    });
  });

  it('writes a working device token, working accounts and resident passes', async () => {
    await seedDemo({ ...store, dataDir, serverUrl: 'http://127.0.0.1:9999' });
    const gate = readDemo<DemoGateFile>('demo-gate.json');
    expect(gate).toMatchObject({ serverUrl: 'http://127.0.0.1:9999', deviceId: 'gate-east-1' });
    const app = await buildApp({ ...store, logger: false, consoleDir: dataDir });
    const roster = RosterSnapshot.parse(
      (
        await app.inject({ method: 'GET', url: '/api/v1/roster', headers: { authorization: `Bearer ${gate.deviceToken}` } })
      ).json(),
    );
    const deviceConfig = DeviceConfig.parse(
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/device/config',
          headers: { authorization: `Bearer ${gate.deviceToken}` },
        })
      ).json(),
    );
    await app.close();
    expect(roster).toMatchObject({
      communityName: '幸福里小区',
      gate: { id: gate.gateId, name: '东门（主门）' },
      deviceId: 'gate-east-1',
    });

    const byId = new Map(roster.persons.map((p) => [p.id, p.name]));
    // The ended observation period and the released suspected case stay off the gates.
    expect(roster.watch.map((w) => [w.kind, w.personId ? byId.get(w.personId) : 'household']).sort()).toEqual(
      [
        ['close-contact', '郭丹'],
        ['close-contact-household', 'household'],
        ['home-observation', '孙丽'],
        ['home-observation', '王伟'],
        ['returnee', '胡军'],
      ].sort(),
    );
    expect(roster.watch.find((w) => w.kind === 'returnee')).toMatchObject({ origin: '湖北省武汉市' });
    expect(roster.questionSet?.questions.map((q) => q.id)).toEqual(['travel-14d', 'symptoms', 'contact']);
    expect(roster.visitors).toEqual([expect.objectContaining({ code: 'V-DEMO2026', vehiclePlate: '苏E9A876' })]);
    expect(roster.vehicles).toHaveLength(3);

    const accounts = readDemo<DemoAccount[]>('demo-accounts.json');
    expect(accounts.map((a) => [a.username, a.role])).toEqual([
      ['admin', 'admin'],
      ['staff', 'community'],
      ['wuye', 'property'],
      ['guard-wang', 'guard'],
    ]);
    // The guard signs in at the kiosk with a 6-digit PIN the gate checks: the roster names the guard, no hash.
    const guard = accounts.find((a) => a.role === 'guard')!;
    expect(guard.pin).toMatch(/^\d{6}$/);
    expect(roster.guards).toEqual([{ id: expect.any(String), name: '王师傅' }]);
    expect((await guardPinHashes(store.db, roster.communityId)).map((g) => g.pin)).toEqual([
      expect.objectContaining({ algorithm: 'scrypt', digits: 6 }),
    ]);
    for (const account of accounts)
      expect(await checkCredentials(store.db, account.username, account.password)).toMatchObject({ role: account.role });

    const passes = readDemo<DemoPass[]>('demo-passes.json');
    expect(passes.length).toBeGreaterThanOrEqual(3);
    for (const pass of passes) {
      // The compact form the pass sheets print, and the older JSON form: the gate's own classifier reads both as this person.
      expect(pass.pass).toMatch(/^CP2\.[\w-]+$/);
      expect(pass.pass).toHaveLength(COMPACT_PASS_LENGTH);
      expect(pass.jsonPass).toMatch(/^CP1\.[\w-]+\.[\w-]+$/);
      expect(verifiedPersonId(pass.pass, deviceConfig)).toBe(pass.personId);
      expect(verifiedPersonId(pass.jsonPass, deviceConfig)).toBe(pass.personId);
      expect(roster.persons.find((p) => p.id === pass.personId)?.name).toBe(pass.name);
    }
  });

  it('stores ID numbers only as a keyed hash and masked form, and they are valid numbers', async () => {
    await seedDemo({ ...store, dataDir, serverUrl: 'http://127.0.0.1:9999' });
    for (const body of [...DEMO_HOUSEHOLDS.flatMap((h) => h.persons), ...DEMO_STAFF].flatMap((p) =>
      p.idBody ? [p.idBody] : [],
    )) {
      expect(checkResidentId(body + checkDigitFor(body))).toMatchObject({ ok: true });
    }
    const example = await store.db
      .selectFrom('persons')
      .select(['name', 'id_hash', 'id_masked'])
      .where('id_hash', '=', hashIdNumber(store.keys.idHashKey, '11010519491231002X'))
      .executeTakeFirstOrThrow();
    expect(example).toMatchObject({ name: '张建国', id_masked: '110**************X' });
    const all = JSON.stringify(await store.db.selectFrom('persons').selectAll().execute());
    expect(all).not.toContain('11010519491231002X');
  });
});
