/**
 * `npm start`: the whole system on its embedded defaults — the community server (SQLite), the
 * gate service with the simulated gate kit, and the kiosk page it serves. Seeds the demo
 * community on first run. `npm run gate -- server down|up` stops and restarts the community
 * server alone (to try the gate offline). Ctrl-C stops everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ScreenPairing } from '../hardware/pairing/screen-pairing.ts';
import { START_CONTROL_SOCKET } from '../protocol/start-control.ts';
import { serveStartControl } from './start-control.ts';

// npm runs scripts from the project folder; the parts run as built JavaScript (dist/node), as a gate PC runs them.
const root = process.cwd();
const built = (script: string): string => resolve(root, 'dist', 'node', script.replace(/\.ts$/, '.js'));
const dataDir = resolve(process.env.CHECKPOINT_DATA_DIR ?? resolve(root, 'data'));
const serverPort = Number(process.env.CHECKPOINT_SERVER_PORT ?? 8080);
const gatePort = Number(process.env.CHECKPOINT_GATE_PORT ?? 8081);
const serverUrl = `http://127.0.0.1:${serverPort}`;
const gateUrl = `http://127.0.0.1:${gatePort}`;

const controlSocket = resolve(dataDir, START_CONTROL_SOCKET);

const children: ChildProcess[] = [];
let stopping = false;
let server: ChildProcess | null = null;
/** The community server was stopped on request (`server down`): its exit stops nothing else. */
let serverDown = false;
let control: Server | null = null;

function spawnPart(name: string, script: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', built(script), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (line: string): string => (line.startsWith(`[${name}]`) ? line : `[${name}] ${line}`);
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) console.log(prefix(line));
    });
  }
  return child;
}

/** A long-running part: if it dies on its own, the whole system stops rather than limp on. */
function run(name: string, script: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawnPart(name, script, args, env);
  child.on('exit', (code, signal) => {
    if (!stopping && !(child === server && serverDown)) {
      console.error(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping Checkpoint.`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
}

async function runToEnd(name: string, script: string, env: Record<string, string>): Promise<void> {
  const child = spawnPart(name, script, [], env);
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  if (code !== 0) throw new Error(`${name} failed with exit code ${code}`);
}

async function waitFor(url: string, what: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (stopping) return;
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await delay(100);
  }
  throw new Error(`${what} did not come up at ${url} within 30 s`);
}

const serverEnv = (env: Record<string, string>): Record<string, string> => ({
  ...env,
  PORT: String(serverPort),
  HOST: '127.0.0.1',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
});

async function startServer(env: Record<string, string>): Promise<void> {
  serverDown = false;
  // Request-by-request logs would bury the welcome text; LOG_LEVEL=info brings them back.
  server = run('server', 'server/main.ts', [], serverEnv(env));
  await waitFor(`${serverUrl}/api/v1/health`, 'the community server');
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

async function stopServer(): Promise<void> {
  if (!server || serverDown) return;
  serverDown = true;
  await exited(server);
  const index = children.indexOf(server);
  if (index >= 0) children.splice(index, 1);
  console.log('[server] stopped (npm run gate -- server up starts it again); the gate keeps every entry meanwhile');
}

async function stop(code: number): Promise<never> {
  stopping = true;
  control?.close();
  rmSync(controlSocket, { force: true });
  await Promise.all(children.map(exited));
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const env = { CHECKPOINT_DATA_DIR: dataDir, CHECKPOINT_SERVER_URL: serverUrl };
  const gateFile = resolve(dataDir, 'demo-gate.json');
  if (!existsSync(gateFile)) {
    console.log('First run: loading the demo community…');
    await runToEnd('seed', 'server/setup/seed-cli.ts', env);
  }
  await startServer(env);
  run('gate', 'hardware/main.ts', ['--port', String(gatePort)], env);
  await waitFor(`${gateUrl}/`, 'the gate service');
  if (stopping) return;
  control = await serveStartControl(controlSocket, {
    state: () => ({ server: serverDown ? 'down' : 'up', serverUrl, gateUrl }),
    serverDown: stopServer,
    serverUp: async () => {
      if (serverDown) await startServer(env);
    },
  });
  printWelcome(demoPairingCode());
}

/**
 * The demo's kiosk pairs itself: the address printed below carries a one-time code (valid a day),
 * which the page enters on its own. Any other screen still needs npm run gate -- pair.
 */
function demoPairingCode(): string {
  const pairing = new ScreenPairing(resolve(dataDir, 'gate'));
  try {
    return pairing.issueCode(new Date(), 86_400_000);
  } finally {
    pairing.close();
  }
}

function printWelcome(code: string): void {
  const accounts =
    readJson<{ username: string; password: string; role: string; displayName?: string; pin?: string }[]>('demo-accounts.json') ??
    [];
  const guards = accounts.filter((a) => a.pin);
  const consoleAccounts = accounts.filter((a) => !a.pin);
  const passes = readJson<{ name: string; pass: string }[]>('demo-passes.json') ?? [];
  const example = passes[0];
  // The gate CLI finds this run through the data folder; another folder must be named to it.
  const dataDirSet = process.env.CHECKPOINT_DATA_DIR ? `CHECKPOINT_DATA_DIR=${dataDir} ` : '';
  const gate = `${dataDirSet}npm run gate --`;
  console.log(`
Checkpoint is running.
  Kiosk (guard's screen):   ${gateUrl}/#pair=${code}
    (opening it pairs this browser with the gate once; another screen: ${gate} pair)
${guards.map((g) => `    start a shift as ${g.displayName ?? g.username}, PIN ${g.pin}`).join('\n')}
  Review console:           ${serverUrl}/
${consoleAccounts.map((a) => `    sign in as ${a.username} / ${a.password}  (${a.role})`).join('\n')}

Simulated gate kit — in another terminal:
  ${gate} scan '${example?.pass ?? '<pass text>'}'    # ${example?.name ?? 'a resident'}'s pass
  ${gate} temp 36.6 21.5                            # forehead 36.6 °C, ambient 21.5 °C
  ${gate} scan 11010519491231002X                   # an ID card
  ${gate} server down                               # the community server stops: try the gate offline
  ${gate} server up                                 # it starts again; the gate sends what it kept
More demo passes: ${resolve(dataDir, 'demo-passes.json')}
Ctrl-C stops everything.`);
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(resolve(dataDir, file), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  void stop(1);
});
