import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { demoGateDir, pairTestScreen } from './gate-screen.ts';
import { freePort, ROOT, runCli } from './system.ts';

/**
 * The parts as separate processes — community server, gate service with the simulated kit — so a
 * test can take the server or the gate down and bring it back while the rest keeps working.
 */
export interface Parts {
  dataDir: string;
  serverUrl: string;
  gateUrl: string;
  startServer: () => Promise<void>;
  stopServer: () => Promise<void>;
  /** The gate service on the same port and data folder: its kiosk pages reconnect to it. */
  startGate: () => Promise<void>;
  stopGate: () => Promise<void>;
  stop: () => Promise<void>;
  output: () => string;
}

/** Polls a part's URL until it answers, failing with its output if the process exits first. */
export async function waitUntilUp(url: string, child: ChildProcess, what: string, output: () => string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not yet listening
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${what} did not come up at ${url}:\n${output()}`);
}

export function stopChild(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

/** `gateEnv`: extra environment for the gate service, e.g. CHECKPOINT_DEMO_THERMOMETER. */
export async function startParts(options: { gateEnv?: Record<string, string> } = {}): Promise<Parts> {
  const dataDir = mkdtempSync(join(tmpdir(), 'checkpoint-parts-'));
  const [serverPort, gatePort] = [await freePort(), await freePort()];
  const serverUrl = `http://127.0.0.1:${serverPort}`;
  const gateUrl = `http://127.0.0.1:${gatePort}`;
  const env = { ...process.env, CHECKPOINT_DATA_DIR: dataDir, CHECKPOINT_SERVER_URL: serverUrl, LOG_LEVEL: 'warn' };
  let output = '';
  const seeded = await runCli('server/setup/seed-cli.ts', [], { CHECKPOINT_DATA_DIR: dataDir, CHECKPOINT_SERVER_URL: serverUrl });
  if (seeded.code !== 0) throw new Error(`seed failed:\n${seeded.output}`);

  const spawnPart = (script: string, args: string[], extra: Record<string, string>): ChildProcess => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...env, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return child;
  };

  let server: ChildProcess | null = null;
  const startServer = async (): Promise<void> => {
    server = spawnPart('server/main.ts', [], { PORT: String(serverPort), HOST: '127.0.0.1' });
    await waitUntilUp(`${serverUrl}/api/v1/health`, server, 'the server', () => output);
  };
  await startServer();
  let gate: ChildProcess | null = null;
  const startGate = async (): Promise<void> => {
    gate = spawnPart('hardware/main.ts', ['--port', String(gatePort)], options.gateEnv ?? {});
    await waitUntilUp(`${gateUrl}/`, gate, 'the gate service', () => output);
  };
  await startGate();
  await pairTestScreen(gateUrl, demoGateDir(dataDir));

  return {
    dataDir,
    serverUrl,
    gateUrl,
    startServer,
    stopServer: () => stopChild(server),
    startGate,
    stopGate: () => stopChild(gate),
    stop: async () => {
      await stopChild(gate);
      await stopChild(server);
    },
    output: () => output,
  };
}

export interface DemoAccount {
  username: string;
  password: string;
  role: string;
  displayName?: string;
  pin?: string;
}

/** A resident's pass from the demo seed (`demo-passes.json`). */
export interface DemoPass {
  personId: string;
  name: string;
  pass: string;
}

export function readDemo<T>(dataDir: string, file: string): T {
  return JSON.parse(readFileSync(join(dataDir, file), 'utf8')) as T;
}
