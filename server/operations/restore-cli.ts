import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LATEST_MIGRATION } from '../db/migrations.ts';
import { dataDirFromEnv } from '../setup/data-dir.ts';
import { readKeyFile } from './backup-crypto.ts';
import { backupConfigFromEnv } from './backup-config.ts';
import { restoreBackup } from './restore.ts';

const USAGE = `npm run restore -- FILE --identity KEYFILE
  Stop the server first. Checks the backup in full, then replaces the database (and the server
  keys) with it; the replaced SQLite files are kept in <data>/before-restore-<time>/. The restored
  database gets a new identity, so the gates send again what they were answered after the backup.`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { identity: { type: 'string' }, help: { type: 'boolean' } },
});

async function main(): Promise<number> {
  const file = positionals[0];
  if (values.help || !file || !values.identity) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const dataDir = dataDirFromEnv(process.env);
  const config = backupConfigFromEnv(process.env, dataDir);
  const outcome = await restoreBackup({
    backupFile: resolve(file),
    identity: readKeyFile(resolve(values.identity)),
    dataDir,
    target: config.source,
    latestMigration: LATEST_MIGRATION,
  });
  console.log(
    `Restored ${outcome.manifest.kind} backup taken ${outcome.manifest.takenAt} (${outcome.manifest.counts.entries ?? 0} entries).`,
  );
  if (outcome.setAside) console.log(`The replaced files are in ${outcome.setAside}.`);
  console.log(
    `New database identity ${outcome.identity.id}: gates will send again what they were answered since ${outcome.manifest.takenAt}.`,
  );
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`restore refused: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
