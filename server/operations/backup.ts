import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { create as createTar } from 'tar';
import { z } from 'zod';
import { Instant } from '../../protocol/common.ts';
import { DatabaseIdentity } from '../../protocol/server-identity.ts';
import { KEYS_FILE_NAME } from '../setup/keys.ts';
import { encryptToFile, sha256OfFile } from './backup-crypto.ts';
import { readSqliteSnapshot, snapshotPostgres, snapshotSqlite, type SnapshotFacts } from './database-snapshot.ts';

/** Where the database lives: SQLite in the data folder, or a PostgreSQL URL. */
export type DatabaseSource = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export const BACKUP_FORMAT = 1 as const;
/** The payload inside a backup's tar: the database, the server's keys, and the manifest. */
export const PAYLOAD = {
  sqlite: 'database.sqlite',
  postgres: 'database.pgdump',
  keys: KEYS_FILE_NAME,
  manifest: 'manifest.json',
};

export const BackupManifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  name: z.string(),
  takenAt: Instant,
  kind: z.enum(['sqlite', 'postgres']),
  identity: DatabaseIdentity,
  lastMigration: z.string(),
  counts: z.record(z.string(), z.number().int().nonnegative()),
  /** The encrypted file beside this manifest, as it was written. */
  file: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

export interface BackupOptions {
  source: DatabaseSource;
  /** The server's data folder: its keys go into the backup with the database. */
  dataDir: string;
  backupDir: string;
  /** The operator's age recipient (`age1…`). */
  recipient: string;
  /** How many backups to keep; older ones are deleted after a new one is written and checked. */
  keep: number;
  now?: Date;
}

export const DEFAULT_KEEP = 14;

function backupName(at: Date): string {
  return `checkpoint-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
}

/**
 * Takes one backup: a consistent snapshot of the database (VACUUM INTO, or pg_dump in an exported
 * snapshot), checked (it opens, its pages are sound, its counts are read), packed with the keys,
 * encrypted to the operator's recipient, written, read back against its hash, and only then
 * named in a manifest: a backup without a manifest is an unfinished one and never counts.
 */
export async function takeBackup(options: BackupOptions): Promise<BackupManifest> {
  const takenAt = options.now ?? new Date();
  const name = backupName(takenAt);
  mkdirSync(options.backupDir, { recursive: true, mode: 0o700 });
  // Inside the backup folder: the snapshot is as sensitive as the database, and on the same disk
  // as the encrypted file a rename is all it takes.
  const staging = mkdtempSync(join(options.backupDir, '.staging-'));
  try {
    const payload = options.source.kind === 'sqlite' ? PAYLOAD.sqlite : PAYLOAD.postgres;
    let facts: SnapshotFacts;
    if (options.source.kind === 'sqlite') {
      snapshotSqlite(options.source.file, join(staging, payload));
      facts = readSqliteSnapshot(join(staging, payload));
    } else {
      facts = await snapshotPostgres(options.source.url, join(staging, payload));
    }
    copyFileSync(join(options.dataDir, KEYS_FILE_NAME), join(staging, PAYLOAD.keys));
    const inner = { format: BACKUP_FORMAT, name, takenAt: takenAt.toISOString(), kind: options.source.kind, ...facts };
    writeFileSync(join(staging, PAYLOAD.manifest), `${JSON.stringify(inner, null, 2)}\n`, { mode: 0o600 });

    const file = `${name}.age`;
    const partial = join(options.backupDir, `${file}.partial`);
    const tar = createTar({ cwd: staging, gzip: options.source.kind === 'sqlite', portable: true }, [
      PAYLOAD.manifest,
      PAYLOAD.keys,
      payload,
    ]);
    const written = await encryptToFile(Readable.from(tar), options.recipient, partial);
    if ((await sha256OfFile(partial)) !== written.sha256) throw new Error(`${partial} does not read back as it was written`);
    renameSync(partial, join(options.backupDir, file));
    const manifest: BackupManifest = { ...inner, file, ...written };
    writeFileSync(join(options.backupDir, `${name}.json`), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    rotateBackups(options.backupDir, options.keep);
    return manifest;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(join(options.backupDir, `${name}.age.partial`), { force: true });
  }
}

/** Every finished backup in the folder (a manifest that reads, its file present), newest first. */
export function listBackups(backupDir: string): BackupManifest[] {
  if (!existsSync(backupDir)) return [];
  const manifests: BackupManifest[] = [];
  for (const entry of readdirSync(backupDir)) {
    if (!/^checkpoint-.*\.json$/.test(entry)) continue;
    try {
      const manifest = BackupManifest.parse(JSON.parse(readFileSync(join(backupDir, entry), 'utf8')));
      if (existsSync(join(backupDir, manifest.file))) manifests.push(manifest);
    } catch {
      // A manifest that does not read is no backup to count; `npm run backup -- list` shows the folder as it is.
    }
  }
  return manifests.sort((a, b) => b.takenAt.localeCompare(a.takenAt));
}

/** Keeps the newest `keep` backups; deletes the others (file first, so a half-deleted pair never counts). */
export function rotateBackups(backupDir: string, keep: number): string[] {
  const removed: string[] = [];
  for (const manifest of listBackups(backupDir).slice(Math.max(1, keep))) {
    rmSync(join(backupDir, manifest.file), { force: true });
    rmSync(join(backupDir, `${manifest.name}.json`), { force: true });
    removed.push(manifest.name);
  }
  return removed;
}
