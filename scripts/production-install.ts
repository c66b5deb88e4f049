/**
 * Installs the built product the way a gate PC or a server does — `dist/`, `package.json` and the
 * lock file in a fresh folder, `npm ci --omit=dev`, no TypeScript, no tsx, no test tools — then
 * seeds it, starts the community server and the gate service (on the simulated kit) from the
 * built JavaScript, and checks both answer. Prints the gate's start-up time and resident memory.
 *
 * `tsx scripts/production-install.ts [--keep]` after `npm run build`; CI runs it on a clean clone.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface ProductionFigures {
  installMs: number;
  gateStartMs: number;
  gateRssMiB: number;
  serverRssMiB: number;
  nodeModulesMiB: number;
}

const DEV_ONLY = ['tsx', 'vite', 'vitest', 'playwright-core', 'typescript', 'eslint'];

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

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): void {
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

async function answers(url: string, child: ChildProcess, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} before answering`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await delay(50);
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000} s`);
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

function folderMiB(folder: string): number {
  const result = spawnSync('du', ['-sk', folder], { encoding: 'utf8' });
  return Math.round(Number(result.stdout.split('\t')[0]) / 1024);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}

export async function checkProductionInstall(root: string, options: { keep?: boolean; log?: (line: string) => void } = {}) {
  const log = options.log ?? console.log;
  if (!existsSync(join(root, 'dist', 'node', 'hardware', 'main.js')))
    throw new Error('dist/ is not built: run `npm run build` first');
  const folder = mkdtempSync(join(tmpdir(), 'checkpoint-production-'));
  const children: ChildProcess[] = [];
  try {
    for (const file of ['package.json', 'package-lock.json']) cpSync(join(root, file), join(folder, file));
    cpSync(join(root, 'dist'), join(folder, 'dist'), { recursive: true });
    log(`Installing production dependencies in ${folder}…`);
    const installStarted = performance.now();
    run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], folder);
    const installMs = performance.now() - installStarted;
    const present = DEV_ONLY.filter((name) => existsSync(join(folder, 'node_modules', name)));
    if (present.length > 0) throw new Error(`development packages were installed: ${present.join(', ')}`);

    const dataDir = join(folder, 'data');
    const serverPort = await freePort();
    const gatePort = await freePort();
    const serverUrl = `http://127.0.0.1:${serverPort}`;
    const env = { CHECKPOINT_DATA_DIR: dataDir, CHECKPOINT_SERVER_URL: serverUrl };
    run(process.execPath, ['dist/node/server/setup/seed-cli.js'], folder, env);

    const server = spawn(process.execPath, ['dist/node/server/main.js'], {
      cwd: folder,
      env: { ...process.env, ...env, PORT: String(serverPort), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(server);
    await answers(`${serverUrl}/api/v1/health`, server, 'the community server');
    const consolePage = await fetch(`${serverUrl}/`);
    if (!consolePage.ok) throw new Error(`the server does not serve the built console: ${consolePage.status}`);

    const gateStarted = performance.now();
    const gate = spawn(process.execPath, ['dist/node/hardware/main.js', '--port', String(gatePort)], {
      cwd: folder,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(gate);
    await answers(`http://127.0.0.1:${gatePort}/`, gate, 'the gate service');
    const gateStartMs = performance.now() - gateStarted;
    // Settled figures: the devices come up in the first second after the port opens.
    await delay(2_000);
    const figures: ProductionFigures = {
      installMs,
      gateStartMs,
      gateRssMiB: rssMiB(gate.pid!),
      serverRssMiB: rssMiB(server.pid!),
      nodeModulesMiB: folderMiB(join(folder, 'node_modules')),
    };
    log(
      `Production install works: gate service up in ${Math.round(gateStartMs)} ms, resident ${figures.gateRssMiB} MiB; ` +
        `server resident ${figures.serverRssMiB} MiB; node_modules ${figures.nodeModulesMiB} MiB.`,
    );
    return figures;
  } finally {
    await Promise.all(children.map(stop));
    if (!options.keep) rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await checkProductionInstall(process.cwd(), { keep: process.argv.includes('--keep') });
}
