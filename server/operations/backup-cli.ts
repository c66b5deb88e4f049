import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dataDirFromEnv } from '../setup/data-dir.ts';
import { generateBackupKey, readKeyFile } from './backup-crypto.ts';
import { backupConfigFromEnv, RECIPIENT_FILE_NAME } from './backup-config.ts';
import { backupStatus } from './backup-status.ts';
import { runBackup } from './backup-schedule.ts';
import { listBackups } from './backup.ts';
import { openBackup } from './restore.ts';

const USAGE = `npm run backup                                  take a backup now
npm run backup -- keygen --identity-out FILE      make the operator's key: the secret half into FILE
                                                  (take it off this machine), the public half into the data folder
npm run backup -- list                            the backups in the backup folder, newest first
npm run backup -- verify FILE --identity KEYFILE  decrypt a backup and check it holds what it counted`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { 'identity-out': { type: 'string' }, identity: { type: 'string' }, help: { type: 'boolean' } },
});
const command = positionals[0] ?? 'now';
const dataDir = dataDirFromEnv(process.env);

async function main(): Promise<number> {
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (command === 'keygen') {
    const out = values['identity-out'];
    if (!out) {
      console.error(`keygen needs --identity-out FILE\n\n${USAGE}`);
      return 2;
    }
    const recipientFile = join(dataDir, RECIPIENT_FILE_NAME);
    if (existsSync(recipientFile)) {
      console.error(`${recipientFile} exists: backups are already encrypted to a key; remove it first to change keys`);
      return 1;
    }
    const key = await generateBackupKey();
    writeFileSync(
      resolve(out),
      `# Checkpoint backup key: opens every backup of this server. Keep it off the server.\n${key.identity}\n`,
      {
        mode: 0o600,
        flag: 'wx',
      },
    );
    chmodSync(resolve(out), 0o600);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(recipientFile, `${key.recipient}\n`, { mode: 0o600 });
    console.log(`Backup key written to ${resolve(out)}: move it off this machine (it alone opens the backups).`);
    console.log(`The server encrypts to ${key.recipient} (${recipientFile}).`);
    return 0;
  }
  const config = backupConfigFromEnv(process.env, dataDir);
  if (command === 'now') {
    const outcome = await runBackup(config, new Date());
    if (!outcome.ok) {
      console.error(`backup failed: ${outcome.reason}`);
      return 1;
    }
    const { manifest } = outcome;
    console.log(
      `${join(config.backupDir, manifest.file)}: ${manifest.kind}, ${manifest.counts.entries ?? 0} entries, ${manifest.bytes} bytes, checked`,
    );
    return 0;
  }
  if (command === 'list') {
    const status = backupStatus(config, new Date());
    for (const manifest of listBackups(config.backupDir))
      console.log(
        `${manifest.takenAt}  ${manifest.file}  ${manifest.kind}  ${manifest.counts.entries ?? 0} entries  ${manifest.bytes} bytes`,
      );
    if (status.stale) console.log('WARNING: no backup from the last 24 hours');
    if (status.lastFailure) console.log(`last failure ${status.lastFailure.at}: ${status.lastFailure.message}`);
    return 0;
  }
  if (command === 'verify') {
    const file = positionals[1];
    if (!file || !values.identity) {
      console.error(`verify needs FILE and --identity KEYFILE\n\n${USAGE}`);
      return 2;
    }
    const opened = await openBackup(resolve(file), readKeyFile(values.identity), config.backupDir);
    rmSync(opened.dir, { recursive: true, force: true });
    const counts = Object.entries(opened.manifest.counts).map(([table, n]) => `${table} ${n}`);
    console.log(`${file}: opens, ${opened.manifest.kind} taken ${opened.manifest.takenAt}, counts match (${counts.join(', ')})`);
    return 0;
  }
  console.error(`unknown command ${command}\n\n${USAGE}`);
  return 2;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
