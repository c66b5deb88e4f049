import { once } from 'node:events';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceConfig } from '../protocol/roster.ts';
import { DeviceConfigStore, fetchDeviceConfig } from './device-config-store.ts';
import type { GateLogger } from './service/gate-logger.ts';

const config: DeviceConfig = {
  deviceId: 'gate-1-kiosk',
  gateId: 'gate-1',
  communityId: 'c-1',
  passPublicKey: 'MCowBQYDK2VwAyEA',
  idHashKey: 'h'.repeat(48),
};
const stores: DeviceConfigStore[] = [];
afterEach(() => stores.splice(0).forEach((store) => store.stop()));

function recordingLogger(lines: string[]): GateLogger {
  return { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

describe('DeviceConfigStore', () => {
  it('retries until the server answers, then caches the keys privately on disk', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'gate-data-'));
    const lines: string[] = [];
    let calls = 0;
    const store = new DeviceConfigStore({
      dataDir,
      logger: recordingLogger(lines),
      retry: { initialMs: 1, maxMs: 4 },
      fetchConfig: async () => (++calls < 3 ? { ok: false, reason: 'connection refused' } : { ok: true, config }),
    });
    stores.push(store);
    await store.start();
    expect(store.current).toBeNull();
    await store.fetched();
    expect(calls).toBe(3);
    expect(store.current).toEqual(config);
    expect(lines.filter((line) => line.includes('connection refused'))).toHaveLength(2);
    const file = join(dataDir, 'device-config.json');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(config);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('verifies offline after a restart from the cached copy', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'gate-data-'));
    await writeFile(join(dataDir, 'device-config.json'), JSON.stringify(config));
    const store = new DeviceConfigStore({
      dataDir,
      logger: recordingLogger([]),
      retry: { initialMs: 1000, maxMs: 1000 },
      fetchConfig: async () => ({ ok: false, reason: 'offline' }),
    });
    stores.push(store);
    await store.start();
    expect(store.current).toEqual(config);
  });

  it('ignores a corrupt cache with a warning', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'gate-data-'));
    await writeFile(join(dataDir, 'device-config.json'), '{"half":');
    const lines: string[] = [];
    const store = new DeviceConfigStore({
      dataDir,
      logger: recordingLogger(lines),
      retry: { initialMs: 1000, maxMs: 1000 },
      fetchConfig: async () => ({ ok: false, reason: 'offline' }),
    });
    stores.push(store);
    await store.start();
    expect(store.current).toBeNull();
    expect(lines[0]).toMatch(/ignoring an unusable cached device configuration/);
  });
});

describe('fetchDeviceConfig', () => {
  it('asks the server with the device token and checks the answer', async () => {
    let answer = JSON.stringify(config);
    let auth: string | undefined;
    const server = createServer((request, response) => {
      auth = request.headers.authorization;
      response.writeHead(request.url === '/api/v1/device/config' ? 200 : 404).end(answer);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const uplink = { serverUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, deviceToken: 'tok', fetch };
    try {
      expect(await fetchDeviceConfig(uplink)).toEqual({ ok: true, config });
      expect(auth).toBe('Bearer tok');
      answer = '{"deviceId":"x"}';
      expect(await fetchDeviceConfig(uplink)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/invalid device configuration/),
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
