import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isPostgresUrl } from '../db/open-database.ts';
import { DATABASE_FILE_NAME } from '../setup/data-dir.ts';
import { isRecipient } from './backup-crypto.ts';
import { DEFAULT_KEEP, type DatabaseSource } from './backup.ts';

export const RECIPIENT_FILE_NAME = 'backup-recipient.txt';
export const DEFAULT_EVERY_HOURS = 24;
/** The console warns when the last good backup is older than this. */
export const BACKUP_STALE_MS = 24 * 60 * 60_000;

export interface BackupConfig {
  source: DatabaseSource;
  dataDir: string;
  backupDir: string;
  /** Null: no key configured, so no backups are taken (the console and the doctor say so). */
  recipient: string | null;
  keep: number;
  everyHours: number;
}

function positiveInteger(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a whole number of at least 1, got ${JSON.stringify(text)}`);
  return value;
}

/**
 * Backups from the environment: CHECKPOINT_BACKUP_DIR (default <data>/backups; put it on another
 * disk), the operator's recipient in CHECKPOINT_BACKUP_RECIPIENT or <data>/backup-recipient.txt
 * (`npm run backup -- keygen` writes it), CHECKPOINT_BACKUP_KEEP (14), CHECKPOINT_BACKUP_EVERY_HOURS (24).
 */
export function backupConfigFromEnv(env: NodeJS.ProcessEnv, dataDir: string): BackupConfig {
  const recipientFile = join(dataDir, RECIPIENT_FILE_NAME);
  const recipient =
    env.CHECKPOINT_BACKUP_RECIPIENT?.trim() ||
    (existsSync(recipientFile) ? readFileSync(recipientFile, 'utf8').trim() : '') ||
    null;
  if (recipient !== null && !isRecipient(recipient))
    throw new Error(`the backup recipient must be an age public key (age1…), got ${JSON.stringify(recipient.slice(0, 12))}…`);
  return {
    source: isPostgresUrl(env.DATABASE_URL)
      ? { kind: 'postgres', url: env.DATABASE_URL }
      : { kind: 'sqlite', file: join(dataDir, DATABASE_FILE_NAME) },
    dataDir,
    backupDir: resolve(env.CHECKPOINT_BACKUP_DIR ?? join(dataDir, 'backups')),
    recipient,
    keep: positiveInteger(env.CHECKPOINT_BACKUP_KEEP, 'CHECKPOINT_BACKUP_KEEP', DEFAULT_KEEP),
    everyHours: positiveInteger(env.CHECKPOINT_BACKUP_EVERY_HOURS, 'CHECKPOINT_BACKUP_EVERY_HOURS', DEFAULT_EVERY_HOURS),
  };
}
