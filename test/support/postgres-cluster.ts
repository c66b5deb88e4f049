import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The newest of Debian's server binaries (package `postgresql`); `CHECKPOINT_PG_BIN` points elsewhere. */
function debianPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0] ?? '15';
  return join(root, newest, 'bin');
}

export const POSTGRES_BIN = process.env.CHECKPOINT_PG_BIN ?? debianPostgresBin();

export interface PostgresCluster {
  /** `postgres://` URL of the cluster's `postgres` database, for CREATE/DROP DATABASE. */
  adminUrl: string;
  /** The same server, another database. */
  urlFor: (database: string) => string;
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no free port'))));
    });
  });
}

/** PostgreSQL refuses to run as root: as root the binaries run as the `postgres` user. */
async function postgresUser(): Promise<{ uid: number; gid: number; prefix: string[] } | null> {
  if (process.getuid?.() !== 0) return null;
  const { stdout } = await run('id', ['-u', 'postgres']).catch(() => {
    throw new Error(
      'running as root, but there is no `postgres` user to run the test PostgreSQL as (apt-get install postgresql creates it)',
    );
  });
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  return { uid: Number(stdout.trim()), gid, prefix: ['runuser', '-u', 'postgres', '--'] };
}

/**
 * Starts a throwaway cluster in a fresh temp folder (data, socket and log inside it) on a free
 * loopback port, trusting local connections. Durability is switched off: the cluster dies with the
 * test run, and fsync would only make the tests slow.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const initdb = join(POSTGRES_BIN, 'initdb');
  if (!existsSync(initdb)) {
    throw new Error(
      `PostgreSQL server binaries not found in ${POSTGRES_BIN}: the server tests run against PostgreSQL too.\n` +
        'Install them with `apt-get install -y postgresql` (npm test does this when run as root), or set CHECKPOINT_PG_BIN to their folder.',
    );
  }
  const user = await postgresUser();
  const root = mkdtempSync(join(tmpdir(), 'cp-postgres-'));
  if (user) chownSync(root, user.uid, user.gid);
  const dataDir = join(root, 'data');
  const port = await freePort();
  const asUser = (binary: string, args: string[]) =>
    user
      ? run(user.prefix[0]!, [...user.prefix.slice(1), join(POSTGRES_BIN, binary), ...args])
      : run(join(POSTGRES_BIN, binary), args);

  await asUser('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
  const settings = [
    `-c listen_addresses=127.0.0.1`,
    `-c port=${port}`,
    `-c unix_socket_directories=${root}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=300',
  ].join(' ');
  await asUser('pg_ctl', ['-D', dataDir, '-l', join(root, 'postgres.log'), '-o', settings, '-w', '-t', '60', 'start']);

  const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    stop: async () => {
      await asUser('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
