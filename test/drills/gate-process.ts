import { spawn, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pairTestScreen } from '../support/gate-screen.ts';
import { freePort, ROOT } from '../support/system.ts';
import type { DemoGate } from './server-process.ts';

/**
 * The gate service on the seeded data folder — with its simulated kit, or with the devices a
 * configuration file names — killable like the server.
 */
export interface GateProcess {
  url: string;
  /** The gate's data folder, where its spool is. */
  dataDir: string;
  /** The process id of the gate service now running. */
  pid: () => number | null;
  /** Ids in the gate's spool, read straight from its file, not through the gate. */
  spoolIds: () => string[];
  start: () => Promise<void>;
  kill: () => Promise<void>;
  stop: () => Promise<void>;
  output: () => string;
}

/** The spool's timing as a gate configuration sets it (`spool` in gate.json): drills shorten the back-off. */
export interface SpoolTiming {
  probeMs: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
}

/**
 * A gate.json as a real gate has one, for the seeded gate of a drill's server, on the simulated kit
 * with a data folder of its own (or `settings.dataDir`); `settings` adds to it or overrides (serverCa,
 * host, hostNames …).
 */
export function writeGateConfig(
  server: { url: string; gate: DemoGate },
  settings: Record<string, unknown> = {},
): { configFile: string; gateDataDir: string } {
  const gateDataDir =
    typeof settings.dataDir === 'string' ? settings.dataDir : mkdtempSync(join(tmpdir(), 'checkpoint-drill-gate-'));
  const configFile = join(mkdtempSync(join(tmpdir(), 'checkpoint-drill-config-')), 'gate.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      serverUrl: server.url,
      deviceId: server.gate.deviceId,
      gateId: server.gate.gateId,
      deviceToken: server.gate.deviceToken,
      simulate: true,
      link: 'mock',
      dataDir: gateDataDir,
      kioskDir: resolve(ROOT, 'dist/kiosk'),
      spool: { probeMs: 200, baseBackoffMs: 200, maxBackoffMs: 1_000 },
      ...settings,
    }),
  );
  return { configFile, gateDataDir };
}

/**
 * The demo gate reads the server's address from the seed's gate file, so a drill that puts a link
 * of its own between gate and server (`serverUrl`) rewrites that address there, and the spool's and
 * the heartbeat's timing when it gives them. `configFile` runs the gate on that configuration instead (`--config`, whose data
 * folder is `gateDataDir`), as a real gate runs.
 */
export async function startGateProcess(
  dataDir: string,
  serverUrl: string,
  options: { configFile?: string; gateDataDir?: string; spool?: Partial<SpoolTiming>; heartbeatMs?: number } = {},
): Promise<GateProcess> {
  const gateFile = join(dataDir, 'demo-gate.json');
  if (!options.configFile) {
    const demo = JSON.parse(readFileSync(gateFile, 'utf8')) as object;
    const timing = {
      ...(options.spool ? { spool: options.spool } : {}),
      ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    };
    writeFileSync(gateFile, JSON.stringify({ ...demo, serverUrl, ...timing }, null, 2));
  }
  const configArgs = options.configFile ? ['--config', options.configFile] : [];
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    const started = spawn(
      process.execPath,
      ['--import', 'tsx', resolve(ROOT, 'hardware/main.ts'), ...configArgs, '--port', String(port)],
      {
        cwd: ROOT,
        // A process group of its own: a kill takes the simulated kit's socat links down with the
        // service, as a crash under a service manager would, instead of leaving them orphaned.
        detached: true,
        env: { ...process.env, CHECKPOINT_DATA_DIR: dataDir, CHECKPOINT_SERVER_URL: serverUrl, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child = started;
    for (let attempt = 0; attempt < 600; attempt++) {
      if (started.exitCode !== null) throw new Error(`the gate service exited with ${started.exitCode}:\n${output}`);
      try {
        if ((await fetch(`${url}/`)).status < 500) break;
      } catch {
        // not listening yet
      }
      await new Promise((done) => setTimeout(done, 100));
    }
    if (started.exitCode !== null || !(await fetch(`${url}/`).catch(() => null)))
      throw new Error(`the gate service did not come up at ${url}:\n${output}`);
    // Outside the wait: a pairing that fails is a failure, not a gate still starting.
    await pairTestScreen(url, options.gateDataDir ?? join(dataDir, 'gate'));
  };

  const signal = async (name: NodeJS.Signals): Promise<void> => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exit = new Promise<void>((done) => running.once('exit', () => done()));
    if (name === 'SIGKILL') process.kill(-running.pid!, name);
    else running.kill(name);
    await exit;
  };

  await start();
  const gateDataDir = options.gateDataDir ?? join(dataDir, 'gate');
  return {
    url,
    dataDir: gateDataDir,
    spoolIds: () => {
      const db = new Database(join(gateDataDir, 'spool.sqlite'), { readonly: true });
      try {
        return db.prepare<[], string>('SELECT id FROM entries').pluck().all();
      } finally {
        db.close();
      }
    },
    pid: () => (child && child.exitCode === null && child.signalCode === null ? (child.pid ?? null) : null),
    start,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
    output: () => output,
  };
}
