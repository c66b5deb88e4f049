import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGateConfig } from '../config/gate-config.ts';

const here = import.meta.dirname;

describe('deployment files', () => {
  it('the example configuration is valid for a real gate', async () => {
    const config = await loadGateConfig(join(here, 'gate.example.json'));
    expect(config).toMatchObject({ simulate: false, thermometer: { kind: 'mlx90614' }, board: { relayActiveLow: true } });
  });

  it('the systemd unit starts the built main.js with the installed configuration', async () => {
    const unit = await readFile(join(here, 'checkpoint-gate.service'), 'utf8');
    expect(unit).toMatch(
      /^ExecStart=\/usr\/bin\/node --enable-source-maps dist\/node\/hardware\/main\.js --config \/etc\/checkpoint\/gate\.json$/m,
    );
    expect(unit).toMatch(/^SupplementaryGroups=dialout$/m);
    expect(unit).toMatch(/^Restart=always$/m);
  });

  it('the kiosk launcher waits for the page, then starts the browser in kiosk mode on it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kiosk-launcher-'));
    const argsFile = join(dir, 'args');
    const fakeBrowser = join(dir, 'chromium');
    await writeFile(fakeBrowser, `#!/bin/sh\nprintf '%s\\n' "$@" > ${argsFile}\n`);
    await chmod(fakeBrowser, 0o755);
    const server = createServer((_request, response) => response.end('kiosk'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const child = spawn('sh', [join(here, 'checkpoint-kiosk.sh')], {
        env: {
          ...process.env,
          CHECKPOINT_KIOSK_URL: url,
          CHECKPOINT_CHROMIUM: fakeBrowser,
          CHECKPOINT_KIOSK_PROFILE: join(dir, 'profile'),
          CHECKPOINT_KIOSK_ONCE: '1',
        },
      });
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      const args = (await readFile(argsFile, 'utf8')).trim().split('\n');
      expect(args).toEqual(
        expect.arrayContaining([
          '--kiosk',
          `--app=${url}`,
          `--user-data-dir=${join(dir, 'profile')}`,
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
        ]),
      );
      if (process.getuid?.() === 0) expect(args).toContain('--no-sandbox');
    } finally {
      server.close();
    }
  });

  it('the kiosk launcher says what is missing when there is no browser', async () => {
    const child = spawn('sh', [join(here, 'checkpoint-kiosk.sh')], {
      env: { ...process.env, CHECKPOINT_CHROMIUM: '/nonexistent/chromium' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain('/nonexistent/chromium not found: apt-get install chromium');
  });
});
