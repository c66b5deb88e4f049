import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

/** Every gate a test started: one still running when the test ends (it failed half-way) is killed with its socat links. */
const started: ChildProcess[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = once(child, 'exit');
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
  }
});

async function runMain(
  config: object,
): Promise<{ child: ReturnType<typeof spawn>; output: () => string; kioskUrl: Promise<string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'gate-main-'));
  const file = join(dir, 'gate.json');
  await writeFile(file, JSON.stringify({ dataDir: join(dir, 'data'), ...config }));
  // A process group of its own, so a failed test's cleanup takes the simulated kit's socat links too.
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'hardware/main.ts'), '--config', file], {
    cwd: root,
    detached: true,
  });
  started.push(child);
  let output = '';
  const kioskUrl = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Checkpoint kiosk: (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => reject(new Error(`gate exited early:\n${output}`)));
  });
  return { child, output: () => output, kioskUrl };
}

async function cli(gateUrl: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'hardware/cli/gate-cli.ts'), ...args], {
    cwd: root,
    env: { ...process.env, CHECKPOINT_GATE_URL: gateUrl },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

const base = { serverUrl: 'http://127.0.0.1:9', deviceId: 'gate-1-kiosk', gateId: 'gate-1', deviceToken: 't', port: 0 };

describe('hardware/main.ts', () => {
  it('starts the simulated kit, serves the dock, and shuts down cleanly on SIGTERM', async () => {
    const gate = await runMain({ ...base, link: 'pty' });
    const url = await gate.kioskUrl;
    const answer = await fetch(new URL('/dock/scan', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"V-MAIN1"}',
    });
    expect(answer.status).toBe(202);
    gate.child.kill('SIGTERM');
    const [code] = await once(gate.child, 'exit');
    expect(code).toBe(0);
    expect(gate.output()).toContain('simulated kit over socat pseudo-terminals');
    expect(gate.output()).toContain('SIGTERM: closing ports and the server');
  });

  it('the dock CLI unplugs and replugs the emulated board of a running gate', async () => {
    const gate = await runMain({ ...base, link: 'pty', thermometer: { kind: 'mlx90614' } });
    const url = await gate.kioskUrl;
    expect(await cli(url, ['unplug', 'board'])).toMatchObject({
      code: 0,
      output: expect.stringContaining('unplugged the simulated board'),
    });
    expect(JSON.parse((await cli(url, ['state'])).output)).toMatchObject({
      thermometer: 'mlx90614',
      plugged: { board: false, scanner: true, thermometer: true },
    });
    expect((await cli(url, ['replug', 'board'])).code).toBe(0);
    expect(JSON.parse((await cli(url, ['state'])).output)).toMatchObject({ plugged: { board: true } });
    expect(await cli(url, ['unplug', 'toaster'])).toMatchObject({
      code: 1,
      output: expect.stringContaining('device must be one of scanner, thermometer, board'),
    });
    // Five CLI processes, each compiling its TypeScript at start.
  }, 60_000);

  it('names the bad field of an invalid config and exits 1', async () => {
    const gate = await runMain({ ...base, thermometer: { baudRate: 'fast' } });
    await expect(gate.kioskUrl).rejects.toThrow(/thermometer\.baudRate/);
    expect(gate.child.exitCode).toBe(1);
  });
});
