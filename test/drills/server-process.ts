import { spawn, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { serverFetch } from '../../hardware/spool/server-fetch.ts';
import { communityTlsFiles } from '../../server/setup/community-tls.ts';
import { DATABASE_FILE_NAME } from '../../server/setup/data-dir.ts';
import type { PostgresCluster } from '../support/postgres-cluster.ts';
import type { DemoAccount } from '../support/parts.ts';
import { freePort, ROOT, runCli } from '../support/system.ts';

/** The gate file the seed writes: the device a drill sends batches as. */
export interface DemoGate {
  serverUrl: string;
  deviceId: string;
  gateId: string;
  deviceToken: string;
}

/**
 * A seeded community server on SQLite (or PostgreSQL at `databaseUrl`) with a data folder of the drill's own, run as `server/main.ts`
 * runs in production, so a drill can SIGKILL it (a power cut) and start it again on the same data
 * and port. Every line the server prints is kept, so a drill can search its logs for secrets.
 */
export interface ServerProcess {
  dataDir: string;
  url: string;
  /** Over TLS: the community CA that signed the server's certificate. */
  tls: { caCert: string } | null;
  gate: DemoGate;
  accounts: DemoAccount[];
  start: () => Promise<void>;
  kill: () => Promise<void>;
  stop: () => Promise<void>;
  output: () => string;
  /** The process id of the server now running (a drill checks that a fault did not restart or end it). */
  pid: () => number | null;
  /** Ids in the entries table, read straight from the database, not through the server. */
  storedEntryIds: () => Promise<string[]>;
}

/** A fresh database on the drill's throwaway cluster, for a server on PostgreSQL. */
export async function createDrillDatabase(cluster: PostgresCluster, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: cluster.adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return cluster.urlFor(name);
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string, ask: typeof fetch): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await ask(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`the server did not come up at ${url}:\n${output()}`);
}

function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

/**
 * `tls`: the server serves HTTPS on a certificate `npm run tls -- init` made in its data folder
 * (`tls` in the answer names the community CA's file), as a community without a public name runs it.
 * `host`: the address it listens on instead of loopback (a LAN address: TLS only, and the
 * certificate names it), as a community server on the LAN runs.
 */
export async function startServerProcess(
  options: { logLevel?: string; databaseUrl?: string; tls?: boolean; host?: string } = {},
): Promise<ServerProcess> {
  const databaseUrl = options.databaseUrl ?? '';
  const dataDir = mkdtempSync(join(tmpdir(), 'checkpoint-drill-'));
  const port = await freePort();
  const host = options.host ?? '127.0.0.1';
  const url = `${options.tls ? 'https' : 'http'}://${host}:${port}`;
  let tlsEnv: Record<string, string> = {};
  let ask: typeof fetch = fetch;
  let tls: ServerProcess['tls'] = null;
  if (options.tls) {
    const init = await runCli('server/setup/tls-cli.ts', ['init', ...(options.host ? ['--name', options.host] : [])], {
      CHECKPOINT_DATA_DIR: dataDir,
    });
    if (init.code !== 0) throw new Error(`npm run tls -- init failed:\n${init.output}`);
    const files = communityTlsFiles(dataDir);
    tlsEnv = { TLS_CERT: files.serverCert, TLS_KEY: files.serverKey };
    ask = serverFetch(files.caCert);
    tls = { caCert: files.caCert };
  }
  const seeded = await runCli('server/setup/seed-cli.ts', [], {
    CHECKPOINT_DATA_DIR: dataDir,
    CHECKPOINT_SERVER_URL: url,
    DATABASE_URL: databaseUrl,
  });
  if (seeded.code !== 0) throw new Error(`seed failed:\n${seeded.output}`);
  // The seed's own output (the demo passwords, shown once to the operator) is not the server's log.
  let output = '';
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    const started = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'server/main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        CHECKPOINT_DATA_DIR: dataDir,
        PORT: String(port),
        HOST: host,
        LOG_LEVEL: options.logLevel ?? 'info',
        DATABASE_URL: databaseUrl,
        ...tlsEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child = started;
    await waitUntilUp(`${url}/api/v1/health`, started, () => output, ask);
  };

  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (!child) return;
    const running = child;
    const exit = ended(running);
    running.kill(name);
    await exit;
  };

  await start();
  return {
    dataDir,
    url,
    tls,
    gate: JSON.parse(readFileSync(join(dataDir, 'demo-gate.json'), 'utf8')) as DemoGate,
    accounts: JSON.parse(readFileSync(join(dataDir, 'demo-accounts.json'), 'utf8')) as DemoAccount[],
    start,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
    output: () => output,
    pid: () => (child && child.exitCode === null && child.signalCode === null ? (child.pid ?? null) : null),
    storedEntryIds: async () => {
      if (databaseUrl) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        try {
          return (await client.query<{ id: string }>('SELECT id FROM entries')).rows.map((row) => row.id);
        } finally {
          await client.end();
        }
      }
      const file = new Database(join(dataDir, DATABASE_FILE_NAME), { readonly: true, fileMustExist: true });
      try {
        return (file.prepare('SELECT id FROM entries').all() as { id: string }[]).map((row) => row.id);
      } finally {
        file.close();
      }
    },
  };
}
