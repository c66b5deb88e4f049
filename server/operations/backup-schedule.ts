import type { BackupManifest } from './backup.ts';
import { takeBackup } from './backup.ts';
import type { BackupConfig } from './backup-config.ts';
import { clearBackupFailure, noteBackupFailure } from './backup-status.ts';
import { listBackups } from './backup.ts';

export type BackupOutcome = { ok: true; manifest: BackupManifest } | { ok: false; reason: string };

/** One backup, its failure noted for the console (a failure is a value: the server keeps running). */
export async function runBackup(config: BackupConfig, now: Date): Promise<BackupOutcome> {
  if (config.recipient === null) return { ok: false, reason: 'no backup key configured: run npm run backup -- keygen' };
  try {
    const manifest = await takeBackup({ ...config, recipient: config.recipient, now });
    clearBackupFailure(config.backupDir);
    return { ok: true, manifest };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    noteBackupFailure(config.backupDir, reason, now);
    return { ok: false, reason };
  }
}

const CHECK_EVERY_MS = 10 * 60_000;

/**
 * Takes a backup whenever the last good one is older than `everyHours` (so a server that was down
 * at backup time catches up as soon as it is back), looking every ten minutes.
 */
export function scheduleBackups(options: {
  config: BackupConfig;
  report: (outcome: BackupOutcome) => void;
  now?: () => Date;
  checkEveryMs?: number;
}): { stop: () => Promise<void> } {
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | null = null;
  const due = (): boolean => {
    const last = listBackups(options.config.backupDir)[0];
    return !last || now().getTime() - Date.parse(last.takenAt) >= options.config.everyHours * 3_600_000;
  };
  const tick = (): void => {
    if (running || options.config.recipient === null || !due()) return;
    running = runBackup(options.config, now())
      .then(options.report)
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, options.checkEveryMs ?? CHECK_EVERY_MS);
  timer.unref();
  setImmediate(tick);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
