import { chmodSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/schema.ts';
import { DATABASE_FILE_NAME, openDataDir } from '../setup/data-dir.ts';
import { KEYS_FILE_NAME } from '../setup/keys.ts';
import { testDatabaseUrl } from '../../test/support/server-database.ts';
import { mountSmallDisk, type SmallDisk } from '../../test/support/small-disk.ts';
import { generateBackupKey } from './backup-crypto.ts';
import { DEFAULT_EVERY_HOURS, type BackupConfig } from './backup-config.ts';
import { takeBackup } from './backup.ts';
import { serverDoctor, type DoctorCheck } from './server-doctor.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function server(): Promise<{ db: Kysely<Database>; dataDir: string; backup: BackupConfig; kind: 'sqlite' | 'postgres' }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cp-doctor-'));
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const url = await testDatabaseUrl();
  const { db } = await openDataDir(dataDir, { databaseUrl: url });
  cleanup.push(() => db.destroy());
  const backup: BackupConfig = {
    source: url ? { kind: 'postgres', url } : { kind: 'sqlite', file: join(dataDir, DATABASE_FILE_NAME) },
    dataDir,
    backupDir: join(dataDir, 'backups'),
    recipient: null,
    keep: 3,
    everyHours: DEFAULT_EVERY_HOURS,
  };
  return { db, dataDir, backup, kind: url ? 'postgres' : 'sqlite' };
}

const failing = (checks: DoctorCheck[]) => checks.filter((c) => !c.ok).map((c) => c.line);

describe('npm run doctor -- server', () => {
  it('passes a sound server with a fresh backup, and names each thing that needs attention', async () => {
    const s = await server();
    const now = new Date();
    // No backup key yet: the one failure.
    let checks = await serverDoctor({ ...s, now });
    expect(failing(checks)).toEqual([expect.stringMatching(/^backup: no operator key/)]);
    expect(checks.map((c) => c.line)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^database: every migration/),
        expect.stringMatching(/^database: 0 entries; identity /),
        expect.stringMatching(/^keys: the pass-signing key and the ID hash key load/),
        expect.stringMatching(/^disk: data folder /),
      ]),
    );

    const { recipient } = await generateBackupKey();
    const backup = { ...s.backup, recipient };
    expect(failing(await serverDoctor({ ...s, backup, now }))).toEqual([expect.stringMatching(/^backup: none in /)]);
    await takeBackup({ ...backup, recipient, now: new Date(now.getTime() - 30 * 3_600_000) });
    expect(failing(await serverDoctor({ ...s, backup, now }))).toEqual([expect.stringMatching(/30\.0 h old.*older than a day/)]);
    await takeBackup({ ...backup, recipient, now });
    checks = await serverDoctor({ ...s, backup, now });
    expect(failing(checks)).toEqual([]);

    // Keys readable by others, then gone.
    const keys = join(s.dataDir, KEYS_FILE_NAME);
    chmodSync(keys, 0o644);
    expect(failing(await serverDoctor({ ...s, backup, now }))).toEqual([expect.stringMatching(/mode 644 \(should be 600/)]);
    renameSync(keys, `${keys}.away`);
    expect(failing(await serverDoctor({ ...s, backup, now }))).toEqual([expect.stringMatching(/^keys: .* is missing/)]);
    renameSync(`${keys}.away`, keys);
    chmodSync(keys, 0o600);

    // A migration this release has that the database has not run.
    await s.db
      .deleteFrom('kysely_migration' as never)
      .where('name' as never, '=', '0081-fleet' as never)
      .execute();
    expect(failing(await serverDoctor({ ...s, backup, now }))).toEqual([
      expect.stringMatching(/1 migration\(s\) not run yet \(0081-fleet\)/),
    ]);
  });

  it('fails a backup folder on a disk with no room', async () => {
    const s = await server();
    const disk: SmallDisk = mountSmallDisk(2 * 1024 * 1024);
    cleanup.push(() => disk.unmount());
    const { recipient } = await generateBackupKey();
    const backup = { ...s.backup, recipient, backupDir: disk.dir };
    await takeBackup({ ...backup, recipient });
    expect(failing(await serverDoctor({ ...s, backup, now: new Date() }))).toEqual([
      expect.stringMatching(/^disk: backup folder .* free of .*: free space now/),
    ]);
  });
});
