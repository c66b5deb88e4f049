import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupStatus } from '../../protocol/operations.ts';
import { listBackups } from './backup.ts';
import { BACKUP_STALE_MS, type BackupConfig } from './backup-config.ts';

const FAILURE_FILE = 'last-failure.json';

/** Notes a failed backup beside the backups (the console shows it); a good one clears it. */
export function noteBackupFailure(backupDir: string, message: string, at: Date): void {
  mkdirSync(backupDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(backupDir, FAILURE_FILE), `${JSON.stringify({ at: at.toISOString(), message })}\n`, { mode: 0o600 });
}

export function clearBackupFailure(backupDir: string): void {
  rmSync(join(backupDir, FAILURE_FILE), { force: true });
}

function lastFailure(backupDir: string): BackupStatus['lastFailure'] {
  const file = join(backupDir, FAILURE_FILE);
  if (!existsSync(file)) return null;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { at: string; message: string };
    return { at: parsed.at, message: parsed.message };
  } catch {
    return { at: new Date(0).toISOString(), message: `${file} does not read` };
  }
}

/** Read from the backup folder itself: the manifests are the record of what was taken. */
export function backupStatus(config: BackupConfig, now: Date): BackupStatus {
  const last = listBackups(config.backupDir)[0] ?? null;
  return {
    configured: config.recipient !== null,
    everyHours: config.everyHours,
    last: last && { name: last.name, takenAt: last.takenAt, entries: last.counts.entries ?? 0, bytes: last.bytes },
    stale: last === null || now.getTime() - Date.parse(last.takenAt) > BACKUP_STALE_MS,
    lastFailure: lastFailure(config.backupDir),
  };
}
