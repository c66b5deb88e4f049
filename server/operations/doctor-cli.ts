import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, isPostgresUrl } from '../db/open-database.ts';
import { DATABASE_FILE_NAME, dataDirFromEnv } from '../setup/data-dir.ts';
import { backupConfigFromEnv } from './backup-config.ts';
import { serverDoctor } from './server-doctor.ts';

/**
 * `npm run doctor -- server`: checks the community server's database, keys, disk space and
 * backup age with the same settings the server reads (CHECKPOINT_DATA_DIR, DATABASE_URL, the
 * backup variables); changes nothing (no migration, no key made); exits 1 when anything needs
 * attention.
 */
export async function runServerDoctor(): Promise<number> {
  const dataDir = dataDirFromEnv(process.env);
  const postgres = isPostgresUrl(process.env.DATABASE_URL);
  const sqliteFile = join(dataDir, DATABASE_FILE_NAME);
  if (!existsSync(dataDir) || (!postgres && !existsSync(sqliteFile))) {
    console.log(`FAIL no server data in ${dataDir} (set CHECKPOINT_DATA_DIR, or start the server once)`);
    return 1;
  }
  console.log(`checking the community server in ${dataDir} (${postgres ? 'PostgreSQL' : 'SQLite'})`);
  const { db } = openDatabase({ databaseUrl: process.env.DATABASE_URL, sqliteFile });
  try {
    const checks = await serverDoctor({
      db,
      kind: postgres ? 'postgres' : 'sqlite',
      dataDir,
      backup: backupConfigFromEnv(process.env, dataDir),
      now: new Date(),
    });
    for (const check of checks) console.log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.line}`);
    const failed = checks.filter((check) => !check.ok).length;
    console.log(failed === 0 ? 'the server is in order' : `${failed} check(s) need attention`);
    return failed === 0 ? 0 : 1;
  } finally {
    await db.destroy();
  }
}
