import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openPtyPair, type PtyPair } from '../hardware/sim/pty-pair.ts';
import type { DemoAccount, DemoGateFile, DemoPass } from '../server/setup/seed.ts';
import { launchChromium } from '../test/support/browser.ts';
import { stopChild, waitUntilUp } from '../test/support/parts.ts';
import { freePort, runCli } from '../test/support/system.ts';
import { pairPage, pairTestScreen } from '../test/support/gate-screen.ts';

const ROOT = resolve(import.meta.dirname, '..');
export const SCANNER_BAUD = 9600;

/** A serial device as the bench drives it: bytes written straight into the pty the gate reads. */
export interface BenchSerialLine {
  /** Writes the bytes; answers performance.now() when the write of the last byte returned. */
  write: (text: string) => number;
  /**
   * Writes the bytes one at a time at the pace of a UART at `baud` (8N1: ten bit times a byte), as
   * a scanner's line delivers them; answers performance.now() as the first and the last byte went.
   * A pty has no baud rate of its own, so the pacing is the scanner's.
   */
  writePaced: (text: string, baud: number) => { firstByte: number; lastByte: number };
  close: () => Promise<void>;
}

async function openSerialLine(): Promise<BenchSerialLine & { gatePath: string }> {
  const pair: PtyPair = await openPtyPair();
  const fd = openSync(pair.paths[0], 'w');
  return {
    gatePath: pair.paths[1],
    write: (text) => {
      const bytes = Buffer.from(text, 'utf8');
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written);
      return performance.now();
    },
    writePaced: (text, baud) => {
      const bytes = Buffer.from(text, 'utf8');
      const byteMs = (10 * 1000) / baud;
      const start = performance.now();
      let lastByte = start;
      for (let i = 0; i < bytes.length; i++) {
        // A byte leaves the UART when its ten bits are out: busy-wait, timers are too coarse for 1 ms steps.
        while (performance.now() < start + (i + 1) * byteMs);
        writeSync(fd, bytes, i, 1);
        lastByte = performance.now();
      }
      return { firstByte: start, lastByte };
    },
    close: async () => {
      closeSync(fd);
      await pair.close();
    },
  };
}

/**
 * The system as a gate runs it, each part its own process: the community server (demo seed),
 * the gate service configured for "real" serial devices — a scanner and a thermometer gun on
 * pseudo-terminals the bench writes into, so the clock starts at the last byte on the line — and
 * the kiosk page in headless Chromium with a guard signed in.
 */
export interface GateRig {
  dataDir: string;
  serverUrl: string;
  gateUrl: string;
  passes: DemoPass[];
  gate: DemoGateFile;
  scanner: BenchSerialLine;
  gun: BenchSerialLine;
  browser: Browser;
  kiosk: Page;
  startServer: () => Promise<void>;
  stopServer: () => Promise<void>;
  close: () => Promise<void>;
}

export async function openGateRig(): Promise<GateRig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'checkpoint-bench-gate-'));
  const [serverPort, gatePort] = [await freePort(), await freePort()];
  const serverUrl = `http://127.0.0.1:${serverPort}`;
  const gateUrl = `http://127.0.0.1:${gatePort}`;
  const seeded = await runCli('server/setup/seed-cli.ts', [], { CHECKPOINT_DATA_DIR: dataDir, CHECKPOINT_SERVER_URL: serverUrl });
  if (seeded.code !== 0) throw new Error(`seed failed:\n${seeded.output}`);
  const read = <T>(file: string): T => JSON.parse(readFileSync(join(dataDir, file), 'utf8')) as T;
  const gate = read<DemoGateFile>('demo-gate.json');

  let output = '';
  const env = { ...process.env, CHECKPOINT_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
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
  const startServer = async () => {
    server = spawnPart('server/main.ts', [], { PORT: String(serverPort), HOST: '127.0.0.1' });
    await waitUntilUp(`${serverUrl}/api/v1/health`, server, 'the server', () => output);
  };
  await startServer();

  const scanner = await openSerialLine();
  const gun = await openSerialLine();
  const configFile = join(dataDir, 'gate.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      ...gate,
      simulate: false,
      port: gatePort,
      dataDir: join(dataDir, 'gate'),
      kioskDir: resolve(ROOT, 'dist/kiosk'),
      scanner: { path: scanner.gatePath, baudRate: SCANNER_BAUD, lineEnding: 'CRLF' },
      thermometer: {
        kind: 'gun',
        path: gun.gatePath,
        baudRate: 9600,
        lineEnding: 'CRLF',
        format: 'tagged-celsius',
        calibration: { offsetC: 0, calibratedAt: new Date().toISOString(), by: 'bench', method: 'blackbody', referenceC: 37 },
      },
      board: null,
    }),
  );
  const gateProcess = spawnPart('hardware/main.ts', ['--config', configFile], {});
  await waitUntilUp(`${gateUrl}/`, gateProcess, 'the gate service', () => output);
  await pairTestScreen(gateUrl, join(dataDir, 'gate'));

  const browser = await launchChromium();
  const kiosk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(kiosk, gateUrl, read<DemoAccount[]>('demo-accounts.json'));

  return {
    dataDir,
    serverUrl,
    gateUrl,
    passes: read<DemoPass[]>('demo-passes.json'),
    gate,
    scanner,
    gun,
    browser,
    kiosk,
    startServer,
    stopServer: () => stopChild(server),
    close: async () => {
      await browser.close();
      await stopChild(gateProcess);
      await stopChild(server);
      await scanner.close();
      await gun.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function signIn(page: Page, gateUrl: string, accounts: DemoAccount[]): Promise<void> {
  const guard = accounts.find((a) => a.role === 'guard' && a.pin);
  if (!guard?.pin) throw new Error('the demo seed has no guard with a PIN');
  await pairPage(page, gateUrl);
  await page.goto(`${gateUrl}/`);
  await page.getByLabel('选择值班员').selectOption({ label: guard.displayName ?? guard.username });
  await page.getByLabel('PIN 码').fill(guard.pin);
  await page.getByRole('button', { name: '上岗' }).click();
  await page.locator('[data-test="guard-name"]').waitFor({ timeout: 30_000 });
  await page.locator('[data-test="gate-link"]', { hasText: '已连接' }).waitFor({ timeout: 30_000 });
  // The scanner has said it works (the status line names the connected devices in data-connected).
  await page.locator('.status[data-connected~="scanner"]').waitFor({ timeout: 30_000 });
}
