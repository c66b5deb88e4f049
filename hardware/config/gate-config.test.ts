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
    expect(config.scanner).toEqual({
      path: '/dev/ttyACM0',
      baudRate: 9600,
      lineEnding: 'CRLF',
      format: { prefix: '', suffix: '' },
      idleMs: 1000,
    });
    expect(config.thermometer).toMatchObject({
      kind: 'gun',
      format: 'tagged-celsius',
      calibration: null,
      ratedAmbientC: { min: 18, max: 28 },
    });
    expect(config.board).toMatchObject({
      path: '/dev/ttyACM1',
      baudRate: 57600,
      pins: { green: 5, red: 6, buzzer: 8, relay: 7 },
      relayPulseMs: 1500,
    });
  });

  it('names each bad field', () => {
    expect(() => parseGateConfig({ ...minimal, port: 'x', thermometer: { baudRate: -3 }, extra: 1 }, 'gate.json')).toThrow(
      /invalid gate configuration in gate\.json:\n {2}port: .*\n {2}thermometer\.baudRate: .*\n {2}\(top level\): .*extra/,
    );
    expect(() => parseGateConfig({ ...minimal, serverUrl: 'ftp://x' }, 'g')).toThrow(/serverUrl/);
  });

  it('reaches a server beyond this machine over https only, and names a CA only for https', () => {
    for (const serverUrl of ['http://checkpoint.example.cn', 'http://192.168.1.5:8080', 'http://[fe80::1]:8080'])
      expect(() => parseGateConfig({ ...minimal, serverUrl }, 'g'), serverUrl).toThrow(/serverUrl: .*https:\/\//);
    for (const serverUrl of ['http://localhost:8080', 'http://127.0.0.2:8080', 'http://[::1]:8080'])
      expect(parseGateConfig({ ...minimal, serverUrl }, 'g').serverUrl).toBe(serverUrl);
    const tls = parseGateConfig(
      { ...minimal, serverUrl: 'https://checkpoint.example.cn', serverCa: '/etc/checkpoint/ca.pem' },
      'g',
    );
    expect(tls.serverCa).toBe('/etc/checkpoint/ca.pem');
    expect(parseGateConfig(minimal, 'g').serverCa).toBeNull();
    expect(() => parseGateConfig({ ...minimal, serverCa: '/etc/checkpoint/ca.pem' }, 'g')).toThrow(
      /serverCa: serverCa needs an https/,
    );
  });

  it('accepts a format of its own for real hardware but not for the simulator', () => {
    const format = { pattern: '^(?<object>\\d+\\.\\d)$', unit: 'F' };
    expect(parseGateConfig({ ...minimal, simulate: false, thermometer: { format } }, 'g').thermometer).toMatchObject({
      kind: 'gun',
      format,
    });
    expect(() => parseGateConfig({ ...minimal, thermometer: { format } }, 'g')).toThrow(
      /thermometer\.format: the simulated thermometer gun/,
    );
  });

  it('configures an MLX90614 on the board, with its calibration and rated ambient range', () => {
    const config = parseGateConfig(
      {
        ...minimal,
        simulate: false,
        thermometer: {
          kind: 'mlx90614',
          calibration: {
            offsetC: 0.8,
            calibratedAt: '2026-11-01T09:00:00+08:00',
            by: 'Li Wei',
            method: 'axillary-comparison',
            referenceC: 36.7,
            validDays: 30,
          },
          ratedAmbientC: { min: 10, max: 35 },
        },
        board: { path: '/dev/ttyACM0', pins: { relay: 4 }, relayActiveLow: true },
        scanner: { path: '/dev/ttyUSB1' },
      },
      'g',
    );
    expect(config.thermometer).toMatchObject({
      kind: 'mlx90614',
      address: 0x5a,
      calibration: { offsetC: 0.8, validDays: 30 },
      ratedAmbientC: { min: 10, max: 35 },
    });
    expect(config.board).toMatchObject({ pins: { green: 5, red: 6, buzzer: 8, relay: 4 }, relayActiveLow: true });
  });

  it('explains what cannot work together', () => {
    const message = (input: object) => {
      try {
        parseGateConfig({ ...minimal, simulate: false, ...input }, 'g');
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(message({ thermometer: { kind: 'mlx90614' }, board: null })).toMatch(
      /board: the MLX90614 is read through the Firmata board/,
    );
    expect(message({ board: { pins: { green: 7 } } })).toMatch(
      /board\.pins: green, red, buzzer and relay need four different pins/,
    );
    expect(message({ board: { path: '/dev/ttyACM0' } })).toMatch(
      /board\.path: \/dev\/ttyACM0 is already configured for another device/,
    );
    expect(message({ idCardReader: { path: '/dev/ttyACM1' } })).toMatch(
      /idCardReader\.path: \/dev\/ttyACM1 is already configured for another device/,
    );
    expect(message({ idCardReader: { baudRate: 9600 } })).toBe('accepted');
    expect(message({ thermometer: { kind: 'laser' } })).toMatch(/thermometer\.kind/);
    expect(message({ thermometer: { calibration: { offsetC: 0.5 } } })).toMatch(/thermometer\.calibration\.by/);
    expect(message({ thermometer: { ratedAmbientC: { min: 30, max: 10 } } })).toMatch(
      /thermometer\.ratedAmbientC: min must be below max/,
    );
    expect(message({ board: null })).toBe('accepted');
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
