import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

async function runMain(config: object): Promise<{ child: ReturnType<typeof spawn>; output: () => string; kioskUrl: Promise<string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'gate-main-'));
  const file = join(dir, 'gate.json');
  await writeFile(file, JSON.stringify({ dataDir: join(dir, 'data'), ...config }));
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'hardware/main.ts'), '--config', file], { cwd: root });
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

const base = { serverUrl: 'http://127.0.0.1:9', deviceId: 'gate-1-kiosk', gateId: 'gate-1', deviceToken: 't', port: 0 };

describe('hardware/main.ts', () => {
  it('starts the simulated kit, serves the dock, and shuts down cleanly on SIGTERM', async () => {
    const gate = await runMain({ ...base, link: 'pty' });
    const url = await gate.kioskUrl;
    const answer = await fetch(new URL('/dock/scan', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"V-MAIN1"}' });
    expect(answer.status).toBe(202);
    gate.child.kill('SIGTERM');
    const [code] = await once(gate.child, 'exit');
    expect(code).toBe(0);
    expect(gate.output()).toContain('simulated kit over socat pseudo-terminals');
    expect(gate.output()).toContain('SIGTERM: closing ports and the server');
  });

  it('names the bad field of an invalid config and exits 1', async () => {
    const gate = await runMain({ ...base, thermometer: { baudRate: 'fast' } });
    await expect(gate.kioskUrl).rejects.toThrow(/thermometer\.baudRate/);
    expect(gate.child.exitCode).toBe(1);
  });
});
