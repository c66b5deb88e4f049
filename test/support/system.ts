import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pairTestScreen } from './gate-screen.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

export interface RunningSystem {
  dataDir: string;
  serverUrl: string;
  gateUrl: string;
  /** The kiosk's address as npm start prints it, with the one-time code the page pairs itself with. */
  kioskUrl: string;
  output: () => string;
  stop: () => Promise<number | null>;
}

/** Runs the built `scripts/start.ts` — what `npm start` runs after its build — on a data folder and ports of the test's own. */
export async function startSystem(): Promise<RunningSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), 'checkpoint-e2e-'));
  const [serverPort, gatePort] = [await freePort(), await freePort()];
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [resolve(ROOT, 'dist/node/scripts/start.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      CHECKPOINT_DATA_DIR: dataDir,
      CHECKPOINT_SERVER_PORT: String(serverPort),
      CHECKPOINT_GATE_PORT: String(gatePort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  await new Promise<void>((done, fail) => {
    const timer = setInterval(() => {
      if (output.includes('Checkpoint is running')) {
        clearInterval(timer);
        done();
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      fail(new Error(`start.ts exited with ${code} before it was ready:\n${output}`));
    });
  });
  // npm start prints the kiosk's address with a one-time code for the user's browser to pair
  // itself with; the test's own requests pair with a code of their own.
  const kioskUrl = /Kiosk \(guard's screen\):\s+(\S+#pair=\d{6})/.exec(output)?.[1];
  if (!kioskUrl) throw new Error(`npm start printed no kiosk address with a pairing code:\n${output}`);
  await pairTestScreen(`http://127.0.0.1:${gatePort}`, join(dataDir, 'gate'));
  return {
    dataDir,
    serverUrl: `http://127.0.0.1:${serverPort}`,
    gateUrl: `http://127.0.0.1:${gatePort}`,
    kioskUrl,
    output: () => output,
    stop: async () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

/** Runs a repository CLI (`npm run gate -- …` without npm's noise) and answers its output. */
export function runCli(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => done({ code, output }));
  });
}
