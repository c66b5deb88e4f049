import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { POSTGRES_BIN } from '../test/support/postgres-cluster.ts';
import { freePort } from '../test/support/system.ts';

const run = promisify(execFile);

export interface BenchPostgres {
  urlFor: (database: string) => string;
  /** Creates the database unless it exists; answers whether it was created. */
  ensureDatabase: (database: string) => Promise<boolean>;
  dropDatabase: (database: string) => Promise<void>;
  /** The cluster's processes (the postmaster and its children), for CPU accounting. */
  processIds: () => number[];
  /** A new database as a file copy of another (which must have no connections). */
  copyDatabase: (template: string, database: string) => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * A PostgreSQL cluster whose data folder outlives the run (under bench/.cache), so generated
 * review databases are loaded once. Unlike the tests' throwaway cluster it keeps PostgreSQL's
 * default durability (fsync, synchronous commit): ingest figures must include the flush a
 * community server pays. As root the binaries run as the `postgres` user, as the tests do.
 */
export async function startBenchPostgres(folder: string): Promise<BenchPostgres> {
  if (!existsSync(join(POSTGRES_BIN, 'initdb')))
    throw new Error(`PostgreSQL server binaries not found in ${POSTGRES_BIN}: apt-get install -y postgresql`);
  const asRoot = process.getuid?.() === 0;
  const asUser = (binary: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(POSTGRES_BIN, binary), ...args])
      : run(join(POSTGRES_BIN, binary), args);
  mkdirSync(folder, { recursive: true });
  if (asRoot) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    chownSync(folder, uid, gid);
  }
  const dataDir = join(folder, 'data');
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await asUser('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
  }
  // pg_ctl status succeeds only while a server runs on the folder: another bench run's, or one a
  // killed run left behind. Stopping it would cut the other run's connections, so say so instead.
  if (
    await asUser('pg_ctl', ['-D', dataDir, 'status']).then(
      () => true,
      () => false,
    )
  ) {
    throw new Error(
      `a PostgreSQL server is already running on ${dataDir} (another bench run, or one killed mid-way): wait for it, or stop it with pg_ctl -D ${dataDir} stop`,
    );
  }
  const port = await freePort();
  const settings = [
    `-c listen_addresses=127.0.0.1`,
    `-c port=${port}`,
    `-c unix_socket_directories=${folder}`,
    '-c max_connections=100',
    '-c shared_buffers=512MB',
    // A district's bulk load writes tens of GB: checkpoints every default 1 GB of WAL would repeat full-page writes.
    '-c max_wal_size=8GB',
  ].join(' ');
  await asUser('pg_ctl', ['-D', dataDir, '-l', join(folder, 'postgres.log'), '-o', settings, '-w', '-t', '120', 'start']);
  const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: urlFor('postgres') });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    urlFor,
    ensureDatabase: (database) =>
      admin(async (client) => {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (found.rowCount) return false;
        await client.query(`CREATE DATABASE ${database}`);
        return true;
      }),
    dropDatabase: (database) =>
      admin(async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`))),
    processIds: () => {
      const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      const children = readdirSync('/proc').flatMap((entry) => {
        if (!/^\d+$/.test(entry)) return [];
        try {
          const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster ? [Number(entry)] : [];
        } catch {
          return []; // gone meanwhile
        }
      });
      return [postmaster, ...children];
    },
    copyDatabase: (template, database) =>
      admin(async (client) => void (await client.query(`CREATE DATABASE ${database} TEMPLATE ${template}`))),
    stop: async () => {
      await asUser('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    },
  };
}
