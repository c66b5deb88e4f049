import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { FeverAlert } from '../../protocol/accounts.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { eventReader } from '../../test/support/event-stream.ts';
import { createTestPostgresDatabase, testDatabaseKind } from '../../test/support/server-database.ts';
import { freePort, ROOT } from '../../test/support/system.ts';
import { enrollDevice } from '../accounts/devices.ts';
import { createUser } from '../accounts/sessions.ts';
import { openPostgresDatabase } from '../db/open-database.ts';
import { loadOrCreateServerKeys } from '../setup/keys.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `server/main.ts` as deployed, in a process of its own, on the shared data folder and database. */
async function startServerProcess(env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  cleanups.push(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  await new Promise<void>((done, fail) => {
    const timer = setInterval(() => {
      if (output.includes('review console at')) {
        clearInterval(timer);
        done();
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      fail(new Error(`server exited before it listened:\n${output}`));
    });
  });
  return `http://127.0.0.1:${port}`;
}

async function signIn(url: string, username: string, password: string): Promise<Response> {
  return fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

function cookieOf(response: Response): string {
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!response.ok || !cookie) throw new Error(`sign-in failed: ${response.status}`);
  return cookie;
}

// LISTEN/NOTIFY is PostgreSQL's: on SQLite one process serves one compound (docs/performance.md).
describe.skipIf(testDatabaseKind() === 'sqlite')('two server processes on one PostgreSQL', () => {
  it(
    'share sessions and sign-in throttling, and a fever ingested at one appears on a console of the other',
    { timeout: 90_000 },
    async () => {
      const database = await createTestPostgresDatabase();
      cleanups.push(database.drop);
      const db = openPostgresDatabase(database.url, { maxConnections: 2 });
      cleanups.push(() => db.destroy());
      const dataDir = mkdtempSync(join(tmpdir(), 'cp-two-processes-'));
      cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      // The processes share the folder's keys, as processes behind one address must (pass signatures, ID hashes).
      loadOrCreateServerKeys(dataDir);
      const now = new Date().toISOString();
      const communityId = uuidv7();
      const gateId = uuidv7();
      await db
        .insertInto('communities')
        .values({ id: communityId, name: '测试小区', roster_version: 1, created_at: now })
        .execute();
      await db.insertInto('gates').values({ id: gateId, community_id: communityId, name: '北门', note: null }).execute();
      const { deviceId, token } = await enrollDevice(db, { deviceId: 'gate-a-1', gateId, now });
      await createUser(db, { username: 'staff', password: 'staff-password-1', role: 'community', now });
      await createUser(db, { username: 'admin', password: 'admin-password-1', role: 'admin', now });

      const env = { CHECKPOINT_DATA_DIR: dataDir, DATABASE_URL: database.url, CHECKPOINT_CONSOLE_DIR: dataDir };
      const [first, second] = await Promise.all([startServerProcess(env), startServerProcess(env)]);

      // A session made at one process is good at the other.
      const cookie = cookieOf(await signIn(first, 'staff', 'staff-password-1'));
      expect((await fetch(`${second}/api/v1/session`, { headers: { cookie } })).status).toBe(200);

      // Failures counted at one process lock the username at the other.
      for (let i = 0; i < 5; i++) expect((await signIn(i % 2 ? first : second, 'admin', 'wrong')).status).toBe(401);
      expect((await signIn(first, 'admin', 'admin-password-1')).status).toBe(429);
      expect((await signIn(second, 'admin', 'admin-password-1')).status).toBe(429);

      const onSecond = await fetch(`${second}/api/v1/live/fevers`, { headers: { cookie } });
      expect(onSecond.status).toBe(200);
      const onFirst = await fetch(`${first}/api/v1/live/fevers`, { headers: { cookie } });
      const secondEvents = eventReader(onSecond.body!);
      const firstEvents = eventReader(onFirst.body!);
      cleanups.push(() => Promise.all([secondEvents.cancel(), firstEvents.cancel()]));

      const device = { deviceId, gateId };
      const normal = makeEntryRecord(device);
      const fever = makeEntryRecord(device, {
        flags: ['fever'],
        decision: 'referred',
        readings: [{ valueC: 38.4, source: 'axillary', at: '2026-11-25T08:31:00.000+08:00', ambientC: null }],
      });
      const ingest = (entries: unknown[]) =>
        fetch(`${first}/api/v1/ingest`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ batchId: uuidv7(), entries }),
        });
      expect((await ingest([normal, fever])).status).toBe(200);
      // Sent again: stored once, announced once.
      expect((await ingest([fever])).status).toBe(200);
      const later = makeEntryRecord(device, { flags: ['fever'], decision: 'referred' });
      expect((await ingest([later])).status).toBe(200);

      for (const events of [secondEvents, firstEvents]) {
        const seen = [await events.next(), await events.next()];
        expect(seen.map((e) => e.event)).toEqual(['fever', 'fever']);
        const alerts = seen.map((e) => FeverAlert.parse(JSON.parse(e.data)));
        expect(alerts.map((a) => a.entry.id)).toEqual([fever.id, later.id]);
        expect(alerts[0]!.entry.gateName).toBe('北门');
      }
    },
  );
});
