import { existsSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { pendingMigrations } from '../db/migrations.ts';
import type { Database } from '../db/schema.ts';
import { KEYS_FILE_NAME, loadOrCreateServerKeys } from '../setup/keys.ts';
import type { BackupConfig } from './backup-config.ts';
import { backupStatus } from './backup-status.ts';
import { readDatabaseIdentity } from './database-identity.ts';

export interface DoctorCheck {
  ok: boolean;
  line: string;
}

/** Below either, a disk is about to refuse writes: entries would answer 503 disk-full. */
export const MIN_FREE_BYTES = 1024 ** 3;
export const MIN_FREE_FRACTION = 0.05;

const GIB = 1024 ** 3;
const gib = (bytes: number) => `${(bytes / GIB).toFixed(1)} GiB`;

async function databaseChecks(db: Kysely<Database>, kind: 'sqlite' | 'postgres'): Promise<DoctorCheck[]> {
  try {
    const checks: DoctorCheck[] = [];
    if (kind === 'sqlite') {
      const result = await sql<{ quick_check: string }>`PRAGMA quick_check`.execute(db);
      const verdict = result.rows.map((row) => row.quick_check).join('; ');
      checks.push({ ok: verdict === 'ok', line: `database: SQLite quick_check ${verdict}` });
    } else {
      await sql`SELECT 1`.execute(db);
      checks.push({ ok: true, line: 'database: PostgreSQL answers' });
    }
    const pending = await pendingMigrations(db);
    checks.push(
      pending.length === 0
        ? { ok: true, line: 'database: every migration of this release has run' }
        : {
            ok: false,
            line: `database: ${pending.length} migration(s) not run yet (${pending.join(', ')}): start the server to run them`,
          },
    );
    if (pending.length === 0) {
      const identity = await readDatabaseIdentity(db);
      const entries = await db
        .selectFrom('entries')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      checks.push({
        ok: true,
        line: `database: ${Number(entries.n)} entries; identity ${identity.id}${identity.restoredFrom ? ` (restored from a backup of ${identity.restoredFrom.backupTakenAt})` : ''}`,
      });
    }
    return checks;
  } catch (error) {
    return [{ ok: false, line: `database: cannot be read: ${(error as Error).message}` }];
  }
}

function keyChecks(dataDir: string): DoctorCheck[] {
  const file = join(dataDir, KEYS_FILE_NAME);
  if (!existsSync(file))
    return [{ ok: false, line: `keys: ${file} is missing: passes and ID hashes cannot be checked (restore it from a backup)` }];
  const mode = statSync(file).mode & 0o777;
  const checks: DoctorCheck[] = [
    {
      ok: mode === 0o600,
      line: `keys: ${file} mode ${mode.toString(8)}${mode === 0o600 ? '' : ' (should be 600: chmod 600 it)'}`,
    },
  ];
  try {
    // The file exists, so this only reads it: it never mints new keys here.
    loadOrCreateServerKeys(dataDir);
    checks.push({ ok: true, line: 'keys: the pass-signing key and the ID hash key load' });
  } catch (error) {
    checks.push({ ok: false, line: `keys: ${(error as Error).message}` });
  }
  return checks;
}

function diskCheck(label: string, path: string): DoctorCheck {
  try {
    const stats = statfsSync(path);
    const free = stats.bavail * stats.bsize;
    const total = stats.blocks * stats.bsize;
    const ok = free >= MIN_FREE_BYTES && free / total >= MIN_FREE_FRACTION;
    return {
      ok,
      line: `disk: ${label} ${path}: ${gib(free)} free of ${gib(total)} (${((100 * free) / total).toFixed(0)}%)${ok ? '' : ': free space now, or ingest will answer 503 disk-full'}`,
    };
  } catch (error) {
    return { ok: false, line: `disk: ${label} ${path}: ${(error as Error).message}` };
  }
}

function backupChecks(backup: BackupConfig, now: Date): DoctorCheck[] {
  const status = backupStatus(backup, now);
  const checks: DoctorCheck[] = [];
  if (!status.configured)
    checks.push({
      ok: false,
      line: 'backup: no operator key is set, so no backup is taken: npm run backup -- keygen --identity-out FILE',
    });
  if (status.last) {
    const hours = (now.getTime() - Date.parse(status.last.takenAt)) / 3_600_000;
    checks.push({
      ok: !status.stale,
      line: `backup: last good backup ${status.last.name}, ${hours.toFixed(1)} h old, ${status.last.entries} entries${status.stale ? ': older than a day (npm run backup)' : ''}`,
    });
  } else if (status.configured) checks.push({ ok: false, line: `backup: none in ${backup.backupDir} yet: npm run backup` });
  if (status.lastFailure)
    checks.push({
      ok: false,
      line: `backup: the last attempt failed at ${status.lastFailure.at}: ${status.lastFailure.message}`,
    });
  return checks;
}

/**
 * What `npm run doctor -- server` checks on the community server: the database opens, is sound
 * and has run this release's migrations; the keys are there, owner-only and load; the data and
 * backup folders' disks have room; the last good backup is less than a day old.
 */
export async function serverDoctor(options: {
  db: Kysely<Database>;
  kind: 'sqlite' | 'postgres';
  dataDir: string;
  backup: BackupConfig;
  now: Date;
}): Promise<DoctorCheck[]> {
  const disks = [diskCheck('data folder', options.dataDir)];
  if (existsSync(options.backup.backupDir)) disks.push(diskCheck('backup folder', options.backup.backupDir));
  return [
    ...(await databaseChecks(options.db, options.kind)),
    ...keyChecks(options.dataDir),
    ...disks,
    ...backupChecks(options.backup, options.now),
  ];
}
