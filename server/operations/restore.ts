import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { extract as extractTar } from 'tar';
import { isDeepStrictEqual } from 'node:util';
import type { DatabaseIdentity } from '../../protocol/server-identity.ts';
import { openSqliteDatabase } from '../db/open-database.ts';
import { KEYS_FILE_NAME } from '../setup/keys.ts';
import { decryptFile, sha256OfFile } from './backup-crypto.ts';
import { BackupManifest, PAYLOAD, type DatabaseSource } from './backup.ts';
import { IDENTITY_SETTING, restoredIdentity, stampRestoredIdentity } from './database-identity.ts';
import { countPostgresDump, postgresClientBin, readSqliteSnapshot, type Counts } from './database-snapshot.ts';
import { liveServerProcesses } from './server-pid.ts';

export interface OpenedBackup {
  manifest: BackupManifest;
  /** The extracted payload (mode 0700 folder): remove it when done. */
  dir: string;
  database: string;
  keys: string;
}

function sameCounts(expected: Counts, found: Counts): string | null {
  const tables = new Set([...Object.keys(expected), ...Object.keys(found)]);
  const wrong = [...tables].filter((table) => expected[table] !== found[table]);
  return wrong.length === 0
    ? null
    : wrong.map((table) => `${table}: manifest ${expected[table] ?? 'none'}, backup ${found[table] ?? 'none'}`).join('; ');
}

/**
 * Decrypts a backup, unpacks it into a fresh folder under `workDir`, and checks that it opens and
 * holds what its manifest says: the file's hash (when the manifest beside it is there), the
 * database's pages, and every table's row count. Throws with the reason otherwise.
 */
export async function openBackup(file: string, identity: string, workDir: string): Promise<OpenedBackup> {
  const outer = file.replace(/\.age$/, '.json');
  let expectedHash: string | null = null;
  if (existsSync(outer)) expectedHash = BackupManifest.parse(JSON.parse(readFileSync(outer, 'utf8'))).sha256;
  if (expectedHash && (await sha256OfFile(file)) !== expectedHash)
    throw new Error(`${basename(file)} is not the file its manifest describes (SHA-256 differs): damaged or replaced`);

  mkdirSync(workDir, { recursive: true, mode: 0o700 });
  const dir = mkdtempSync(join(workDir, '.restore-'));
  try {
    await pipeline(await decryptFile(file, identity), extractTar({ cwd: dir, strict: true }));
    const manifest = BackupManifest.omit({ file: true, bytes: true, sha256: true }).parse(
      JSON.parse(readFileSync(join(dir, PAYLOAD.manifest), 'utf8')),
    );
    const database = join(dir, manifest.kind === 'sqlite' ? PAYLOAD.sqlite : PAYLOAD.postgres);
    const found = manifest.kind === 'sqlite' ? readSqliteSnapshot(database).counts : await countPostgresDump(database);
    const mismatch = sameCounts(manifest.counts, found);
    if (mismatch) throw new Error(`${basename(file)} does not hold what its manifest counts: ${mismatch}`);
    if (!existsSync(join(dir, PAYLOAD.keys))) throw new Error(`${basename(file)} holds no server keys`);
    return {
      manifest: { ...manifest, file: basename(file), bytes: 0, sha256: expectedHash ?? '' },
      dir,
      database,
      keys: join(dir, PAYLOAD.keys),
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export interface RestoreOptions {
  backupFile: string;
  /** The operator's age identity (`AGE-SECRET-KEY-1…`). */
  identity: string;
  dataDir: string;
  target: DatabaseSource;
  /** The newest migration this code knows: a backup made by a newer release is refused. */
  latestMigration: string;
  now?: Date;
}

export interface RestoreOutcome {
  manifest: BackupManifest;
  identity: DatabaseIdentity;
  /** Where the replaced database and keys were moved (SQLite), if there were any. */
  setAside: string | null;
}

/**
 * Puts a backup back: checked in full first (openBackup), then the database replaced in one step
 * (a rename for SQLite; one transaction for PostgreSQL), the server's keys put back with it, and a
 * new database identity stamped that names the backup, so the gates offer again what the server
 * answered after it was taken. Refused while a server process is running on the data folder.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreOutcome> {
  const live = liveServerProcesses(options.dataDir);
  if (live.length > 0) throw new Error(`the server is running on ${options.dataDir} (process ${live.join(', ')}): stop it first`);
  const now = options.now ?? new Date();
  const opened = await openBackup(options.backupFile, options.identity, options.dataDir);
  try {
    const { manifest } = opened;
    if (manifest.kind !== options.target.kind)
      throw new Error(`${basename(options.backupFile)} is a ${manifest.kind} backup; this server runs ${options.target.kind}`);
    if (manifest.lastMigration > options.latestMigration)
      throw new Error(
        `${basename(options.backupFile)} was made by a newer release (migration ${manifest.lastMigration}; this code knows up to ${options.latestMigration}): restore it with that release`,
      );
    const stamp = now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    const aside = join(options.dataDir, `before-restore-${stamp}`);
    let identity: DatabaseIdentity;
    let setAside: string | null = null;
    if (options.target.kind === 'sqlite') {
      const restored = options.target.file;
      // The identity is stamped in the unpacked copy, before it replaces anything.
      const copy = openSqliteDatabase(opened.database);
      try {
        identity = await stampRestoredIdentity(copy, manifest, now);
      } finally {
        await copy.destroy();
      }
      for (const suffix of ['-wal', '-shm']) rmSync(opened.database + suffix, { force: true });
      for (const suffix of ['', '-wal', '-shm']) {
        if (!existsSync(restored + suffix)) continue;
        mkdirSync(aside, { recursive: true, mode: 0o700 });
        renameSync(restored + suffix, join(aside, basename(restored) + suffix));
        setAside = aside;
      }
      mkdirSync(dirname(restored), { recursive: true, mode: 0o700 });
      renameSync(opened.database, restored);
      chmodSync(restored, 0o600);
    } else {
      identity = await restorePostgres(options.target.url, opened.database, manifest, now);
    }
    const keys = join(options.dataDir, KEYS_FILE_NAME);
    if (!existsSync(keys) || !isDeepStrictEqual(readFileSync(keys), readFileSync(opened.keys))) {
      if (existsSync(keys)) {
        mkdirSync(aside, { recursive: true, mode: 0o700 });
        renameSync(keys, join(aside, KEYS_FILE_NAME));
        setAside = aside;
      }
      copyFileSync(opened.keys, keys);
      chmodSync(keys, 0o600);
    }
    return { manifest, identity, setAside };
  } finally {
    rmSync(opened.dir, { recursive: true, force: true });
  }
}

/**
 * Replaces the database's public schema with the dump's in one transaction (psql --single-transaction):
 * the old tables go, the dump's come, and the new identity is written, or nothing changes at all.
 */
async function restorePostgres(url: string, dump: string, manifest: BackupManifest, now: Date): Promise<DatabaseIdentity> {
  const identity = restoredIdentity(manifest, now);
  const literal = `'${JSON.stringify(identity).replaceAll("'", "''")}'`;
  const psql = spawn(postgresClientBin('psql'), ['--quiet', '--single-transaction', '-v', 'ON_ERROR_STOP=1', '--file=-', url], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const restore = spawn(postgresClientBin('pg_restore'), ['--no-owner', '--no-privileges', '--file=-', dump], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  psql.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  restore.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = (child: typeof psql | typeof restore) =>
    new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
  const psqlDone = closed(psql);
  const restoreDone = closed(restore);
  psql.stdin.write('SET client_min_messages = warning;\nDROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n');
  restore.stdout.pipe(psql.stdin, { end: false });
  const restoreCode = await restoreDone;
  if (restoreCode !== 0) {
    // Killed before its COMMIT: PostgreSQL rolls the half-fed transaction back.
    psql.kill('SIGKILL');
    await psqlDone;
    throw new Error(`pg_restore failed (${restoreCode}): ${stderr.trim()}; the database was not changed`);
  }
  psql.stdin.end(
    `UPDATE public.settings SET value = ${literal}, updated_at = '${now.toISOString()}' WHERE name = '${IDENTITY_SETTING}';\n`,
  );
  const psqlCode = await psqlDone;
  if (psqlCode !== 0) throw new Error(`psql failed (${psqlCode}): ${stderr.trim()}; the database was not changed`);
  return identity;
}
