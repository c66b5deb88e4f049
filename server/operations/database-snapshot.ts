import SQLite from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { DatabaseIdentity } from '../../protocol/server-identity.ts';
import { IDENTITY_SETTING } from './database-identity.ts';

/** What a snapshot holds, read from the snapshot itself: checked again whenever the backup is opened. */
export interface SnapshotFacts {
  identity: DatabaseIdentity;
  /** The newest migration the snapshot ran: a restore refuses a snapshot newer than its code. */
  lastMigration: string;
  /** Rows per table. */
  counts: Record<string, number>;
}

export type Counts = Record<string, number>;

/** PostgreSQL's client programs: `CHECKPOINT_PG_BIN`, else Debian's newest, else the PATH. */
export function postgresClientBin(program: 'pg_dump' | 'pg_restore' | 'psql'): string {
  const configured = process.env.CHECKPOINT_PG_BIN;
  if (configured) return join(configured, program);
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', program))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? join(root, newest, 'bin', program) : program;
}

/** Runs a client program; rejects with its stderr when it fails. */
export function runProgram(program: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${program} ${args[0] ?? ''} failed (${code}): ${stderr.trim()}`)),
    );
  });
}

function identityFrom(value: string | undefined): DatabaseIdentity {
  if (value === undefined) throw new Error(`the snapshot has no ${IDENTITY_SETTING}: it was not made by a migrated database`);
  return DatabaseIdentity.parse(JSON.parse(value));
}

/**
 * Copies a live SQLite database into `target` with VACUUM INTO: one read transaction, so the copy
 * is a consistent snapshot while gates keep writing (WAL), and compact.
 */
export function snapshotSqlite(source: string, target: string): void {
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('VACUUM INTO ?').run(target);
  } finally {
    db.close();
  }
}

/** Opens a SQLite snapshot, checks its pages and answers what it holds. */
export function readSqliteSnapshot(file: string): SnapshotFacts {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const check = db.prepare<[], { integrity_check: string }>('PRAGMA integrity_check').all();
    if (check.length !== 1 || check[0]!.integrity_check !== 'ok')
      throw new Error(`integrity check failed: ${check.map((row) => row.integrity_check).join('; ')}`);
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all();
    const counts: Counts = {};
    for (const { name } of tables) counts[name] = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM "${name}"`).get()!.n;
    const identity = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE name = ?').get(IDENTITY_SETTING);
    const last = db.prepare<[], { name: string }>('SELECT max(name) AS name FROM kysely_migration').get();
    return { identity: identityFrom(identity?.value), lastMigration: last?.name ?? '', counts };
  } finally {
    db.close();
  }
}

/**
 * Dumps a live PostgreSQL database with pg_dump (custom format) into `target`. The counts are read
 * in the very snapshot pg_dump dumps (an exported snapshot), so they are the dump's own counts.
 */
export async function snapshotPostgres(url: string, target: string): Promise<SnapshotFacts> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]!.id;
    // A partitioned table (entries, migration 0095) is counted whole, its partitions not apart:
    // which partitions exist changes by the day, and countPostgresDump folds them the same way.
    const tables = await client.query<{ name: string }>(
      "SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname",
    );
    const counts: Counts = {};
    for (const { name } of tables.rows)
      counts[name] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${name}"`)).rows[0]!.n);
    const identity = await client.query<{ value: string }>('SELECT value FROM settings WHERE name = $1', [IDENTITY_SETTING]);
    const last = await client.query<{ name: string | null }>('SELECT max(name) AS name FROM kysely_migration');
    await runProgram(postgresClientBin('pg_dump'), [
      '--format=custom',
      '--no-owner',
      '--no-privileges',
      `--snapshot=${snapshot}`,
      `--file=${target}`,
      url,
    ]);
    return { identity: identityFrom(identity.rows[0]?.value), lastMigration: last.rows[0]?.name ?? '', counts };
  } finally {
    await client.query('COMMIT').catch(() => undefined);
    await client.end();
  }
}

/**
 * Opens a pg_dump file and counts the rows of each table in it (pg_restore writes every table's
 * data as a COPY block, one line a row), without a database to restore into.
 */
export async function countPostgresDump(file: string): Promise<Counts> {
  const child = spawn(postgresClientBin('pg_restore'), ['--data-only', '--file=-', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const counts: Counts = {};
  let table: string | null = null;
  for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
    if (table === null) {
      const copy = /^COPY public\.("?)([a-z_0-9]+)\1 /.exec(line);
      if (copy) {
        table = copy[2]!;
        counts[table] = 0;
      }
    } else if (line === '\\.') table = null;
    else counts[table] = counts[table]! + 1;
  }
  const code = await exited;
  if (code !== 0) throw new Error(`pg_restore cannot read ${file} (${code}): ${stderr.trim()}`);
  const parents = await partitionParents(file);
  const folded: Counts = {};
  for (const [table, n] of Object.entries(counts)) {
    const parent = parents.get(table) ?? table;
    folded[parent] = (folded[parent] ?? 0) + n;
  }
  for (const parent of new Set(parents.values())) folded[parent] ??= 0;
  return folded;
}

/** Partition → its partitioned table, from the dump's ATTACH PARTITION statements. */
async function partitionParents(file: string): Promise<Map<string, string>> {
  const child = spawn(postgresClientBin('pg_restore'), ['--schema-only', '--file=-', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const parents = new Map<string, string>();
  for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
    const attach = /^ALTER TABLE ONLY public\.("?)([a-z_0-9]+)\1 ATTACH PARTITION public\.("?)([a-z_0-9]+)\3 /.exec(line);
    if (attach) parents.set(attach[4]!, attach[2]!);
  }
  const code = await exited;
  if (code !== 0) throw new Error(`pg_restore cannot read the schema of ${file} (${code})`);
  return parents;
}
