import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGateConfig, parseGateConfig } from './gate-config.ts';

const minimal = { serverUrl: 'http://127.0.0.1:8080', deviceId: 'gate-1-kiosk', gateId: 'gate-1', deviceToken: 't0k3n' };

describe('gate configuration', () => {
  it('fills in defaults for the simulated kit', () => {
    const config = parseGateConfig(minimal, 'test');
    expect(config).toMatchObject({ port: 8081, host: '127.0.0.1', simulate: true, link: 'auto', dataDir: 'data/gate' });
    expect(config.scanner).toEqual({ path: '/dev/ttyACM0', baudRate: 9600, lineEnding: 'CRLF', format: { prefix: '', suffix: '' } });
    expect(config.thermometer).toMatchObject({ format: 'tagged-celsius', offsetC: 0 });
  });

  it('names each bad field', () => {
    expect(() => parseGateConfig({ ...minimal, port: 'x', thermometer: { baudRate: -3 }, extra: 1 }, 'gate.json')).toThrow(
      /invalid gate configuration in gate\.json:\n {2}port: .*\n {2}thermometer\.baudRate: .*\n {2}\(top level\): .*extra/,
    );
    expect(() => parseGateConfig({ ...minimal, serverUrl: 'ftp://x' }, 'g')).toThrow(/serverUrl/);
  });

  it('accepts a format of its own for real hardware but not for the simulator', () => {
    const format = { pattern: '^(?<object>\\d+\\.\\d)$', unit: 'F' };
    expect(parseGateConfig({ ...minimal, simulate: false, thermometer: { format } }, 'g').thermometer.format).toEqual(format);
    expect(() => parseGateConfig({ ...minimal, thermometer: { format } }, 'g')).toThrow(/thermometer\.format: the simulated thermometer gun/);
  });

  it('reports unreadable and malformed files clearly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gate-config-'));
    await expect(loadGateConfig(join(dir, 'missing.json'))).rejects.toThrow(/cannot read gate configuration/);
    await writeFile(join(dir, 'bad.json'), '{ nope');
    await expect(loadGateConfig(join(dir, 'bad.json'))).rejects.toThrow(/is not valid JSON/);
    await writeFile(join(dir, 'ok.json'), JSON.stringify({ ...minimal, link: 'mock' }));
    expect((await loadGateConfig(join(dir, 'ok.json'))).link).toBe('mock');
  });
});
