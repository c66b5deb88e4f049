import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestEntries } from '../gates/ingest.ts';
import { DATABASE_FILE_NAME, openDataDir } from '../setup/data-dir.ts';
import type { Database } from '../db/schema.ts';
import { enrollDevice } from '../accounts/devices.ts';
import { KEYS_FILE_NAME } from '../setup/keys.ts';
import { testDatabaseUrl } from '../../test/support/server-database.ts';
import { makeEntryRecord } from '../../test/support/entry-record.ts';
import { generateBackupKey } from './backup-crypto.ts';
import { listBackups, rotateBackups, takeBackup, type DatabaseSource } from './backup.ts';
import { readDatabaseIdentity } from './database-identity.ts';
import { openBackup, restoreBackup } from './restore.ts';

const folders: string[] = [];
const databases: Kysely<Database>[] = [];
afterEach(async () => {
  for (const db of databases.splice(0)) await db.destroy();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function folder(prefix: string): string {
  const path = mkdtempSync(join(tmpdir(), prefix));
  folders.push(path);
  return path;
}

async function server(): Promise<{
  db: Kysely<Database>;
  dataDir: string;
  source: DatabaseSource;
  store: (n: number) => Promise<string[]>;
}> {
  const dataDir = folder('cp-backup-data-');
  const url = await testDatabaseUrl();
  const { db } = await openDataDir(dataDir, { databaseUrl: url });
  databases.push(db);
  const communityId = uuidv7();
  const gateId = uuidv7();
  await db
    .insertInto('communities')
    .values({ id: communityId, name: '测试小区', roster_version: 1, created_at: new Date().toISOString() })
    .execute();
  await db.insertInto('gates').values({ id: gateId, community_id: communityId, name: '北门', note: null }).execute();
  const { deviceId } = await enrollDevice(db, { deviceId: 'gate-backup-1', gateId, now: new Date().toISOString() });
  const device = { id: deviceId, gateId, communityId };
  const store = async (n: number): Promise<string[]> => {
    const records = Array.from({ length: n }, () => makeEntryRecord({ deviceId, gateId }));
    const results = await ingestEntries(db, device, records, new Date().toISOString());
    expect(results.every((r) => r.status === 'stored')).toBe(true);
    return records.map((r) => r.id);
  };
  const source: DatabaseSource = url ? { kind: 'postgres', url } : { kind: 'sqlite', file: join(dataDir, DATABASE_FILE_NAME) };
  return { db, dataDir, source, store };
}

async function entryIds(db: Kysely<Database>): Promise<string[]> {
  return (await db.selectFrom('entries').select('id').orderBy('id').execute()).map((row) => row.id);
}

describe('backups', () => {
  it('takes an encrypted backup that opens with the operator key and holds what it counted', async () => {
    const { dataDir, source, store } = await server();
    await store(25);
    const key = await generateBackupKey();
    const backupDir = folder('cp-backups-');
    const manifest = await takeBackup({ source, dataDir, backupDir, recipient: key.recipient, keep: 3 });

    expect(manifest.counts.entries).toBe(25);
    expect(listBackups(backupDir).map((m) => m.name)).toEqual([manifest.name]);
    expect(statSync(join(backupDir, manifest.file)).mode & 0o777).toBe(0o600);
    // Nothing in the encrypted file reads as the database: no table name, no record text.
    const bytes = readFileSync(join(backupDir, manifest.file));
    expect(bytes.includes('entries')).toBe(false);
    expect(bytes.includes('访客甲')).toBe(false);

    const opened = await openBackup(join(backupDir, manifest.file), key.identity, folder('cp-open-'));
    expect(opened.manifest.counts).toEqual(manifest.counts);
    expect(readFileSync(opened.keys)).toEqual(readFileSync(join(dataDir, KEYS_FILE_NAME)));
  });

  it('refuses a backup opened with another key, or changed after it was written', async () => {
    const { dataDir, source, store } = await server();
    await store(3);
    const key = await generateBackupKey();
    const backupDir = folder('cp-backups-');
    const manifest = await takeBackup({ source, dataDir, backupDir, recipient: key.recipient, keep: 3 });
    const file = join(backupDir, manifest.file);

    const other = await generateBackupKey();
    await expect(openBackup(file, other.identity, folder('cp-open-'))).rejects.toThrow(/no identity matched|decrypt/i);

    const bytes = readFileSync(file);
    bytes[bytes.length - 40] = bytes[bytes.length - 40]! ^ 0xff;
    writeFileSync(file, bytes);
    await expect(openBackup(file, key.identity, folder('cp-open-'))).rejects.toThrow(/SHA-256 differs/);
    // Without its manifest the age format's own authentication catches the change.
    rmSync(join(backupDir, `${manifest.name}.json`));
    await expect(openBackup(file, key.identity, folder('cp-open-'))).rejects.toThrow();
  });

  it('keeps the newest backups and deletes the rest', async () => {
    const { dataDir, source, store } = await server();
    await store(1);
    const key = await generateBackupKey();
    const backupDir = folder('cp-backups-');
    const names: string[] = [];
    for (let i = 0; i < 3; i++)
      names.push(
        (
          await takeBackup({
            source,
            dataDir,
            backupDir,
            recipient: key.recipient,
            keep: 2,
            now: new Date(Date.UTC(2026, 11, 1 + i)),
          })
        ).name,
      );
    expect(listBackups(backupDir).map((m) => m.name)).toEqual([names[2], names[1]]);
    expect(readdirSync(backupDir).filter((f) => !f.startsWith('.'))).toHaveLength(4);
    expect(rotateBackups(backupDir, 1)).toEqual([names[1]]);
  });

  it('restores: the entries of the backup exactly, the keys with them, and a new identity that names the backup', async () => {
    const { db, dataDir, source, store } = await server();
    const before = await store(10);
    const original = await readDatabaseIdentity(db);
    const key = await generateBackupKey();
    const backupDir = folder('cp-backups-');
    const manifest = await takeBackup({ source, dataDir, backupDir, recipient: key.recipient, keep: 3 });
    await store(5);
    const keys = readFileSync(join(dataDir, KEYS_FILE_NAME));
    writeFileSync(join(dataDir, KEYS_FILE_NAME), '{}');
    databases.splice(databases.indexOf(db), 1);
    await db.destroy();

    const outcome = await restoreBackup({
      backupFile: join(backupDir, manifest.file),
      identity: key.identity,
      dataDir,
      target: source,
      latestMigration: '9999',
    });
    expect(outcome.identity.restoredFrom).toEqual({ id: original.id, backupTakenAt: manifest.takenAt });
    expect(readFileSync(join(dataDir, KEYS_FILE_NAME))).toEqual(keys);
    expect(statSync(join(dataDir, KEYS_FILE_NAME)).mode & 0o777).toBe(0o600);

    const reopened = await openDataDir(dataDir, { databaseUrl: source.kind === 'postgres' ? source.url : undefined });
    databases.push(reopened.db);
    expect(await entryIds(reopened.db)).toEqual([...before].sort());
    expect(await readDatabaseIdentity(reopened.db)).toEqual(outcome.identity);
  });

  it('refuses a backup made by a newer release, and changes nothing', async () => {
    const { db, dataDir, source, store } = await server();
    await store(2);
    const key = await generateBackupKey();
    const backupDir = folder('cp-backups-');
    const manifest = await takeBackup({ source, dataDir, backupDir, recipient: key.recipient, keep: 3 });
    await store(1);
    await expect(
      restoreBackup({
        backupFile: join(backupDir, manifest.file),
        identity: key.identity,
        dataDir,
        target: source,
        latestMigration: '0001',
      }),
    ).rejects.toThrow(/newer release/);
    expect(await entryIds(db)).toHaveLength(3);
  });
});
