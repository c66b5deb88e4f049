import { describe, expect, it } from 'vitest';
import { runDoctor } from './doctor-checks.ts';
import { parseGateConfig } from '../config/gate-config.ts';

const base = { serverUrl: 'http://127.0.0.1:9', deviceId: 'gate-1-kiosk', gateId: 'gate-1', deviceToken: 't' };
const calibration = {
  offsetC: 0.3,
  calibratedAt: '2026-11-01T09:00:00+08:00',
  by: 'Li Wei',
  method: 'blackbody',
  referenceC: 37,
};

describe('runDoctor', () => {
  it('brings up the simulated kit with the real drivers and says every device answers', async () => {
    const config = parseGateConfig({ ...base, link: 'pty', thermometer: { kind: 'mlx90614', calibration } }, 'test');
    const checks = await runDoctor(config, {
      timeoutMs: 10_000,
      listPorts: async () => [
        {
          path: '/dev/ttyACM0',
          manufacturer: 'Arduino (www.arduino.cc)',
          vendorId: '2341',
          productId: '0043',
          serialNumber: '7573',
          locationId: undefined,
          pnpId: undefined,
        },
      ],
      now: () => new Date('2026-11-25T00:00:00Z'),
    });
    expect(checks.map((c) => c.line)).toEqual([
      'serial ports: /dev/ttyACM0 (Arduino (www.arduino.cc), 2341:0043, serial 7573)',
      'scanner simulated: connected',
      expect.stringMatching(/^thermometer \(mlx90614\) I2C 0x5a on the board: connected: object 21.99 °C, ambient 21.99 °C$/),
      'calibration: ok (blackbody by Li Wei on 2026-11-01, expires 2027-01-30)',
      expect.stringMatching(/^signal board simulated: connected \(StandardFirmata\.ino 2\.5 on /),
      'firmware: StandardFirmata.ino 2.5 (sends the I2C repeated start the MLX90614 needs)',
    ]);
    expect(checks.every((c) => c.ok)).toBe(true);
  });

  it(
    'names the firmware the board runs and fails when it is too old for the MLX90614 (the real StandardFirmata 2.4)',
    { timeout: 90_000 },
    async () => {
      const config = parseGateConfig(
        { ...base, link: 'pty', simulatedBoard: 'standard-firmata', thermometer: { kind: 'mlx90614', calibration } },
        'test',
      );
      const checks = await runDoctor(config, {
        timeoutMs: 30_000,
        listPorts: async () => [],
        now: () => new Date('2026-11-25T00:00:00Z'),
      });
      const lines = checks.map((c) => `${c.ok ? 'ok' : 'FAIL'} ${c.line}`);
      expect(lines).toContainEqual(
        expect.stringMatching(/^ok signal board simulated: connected \(StandardFirmata\.ino 2\.4 on /),
      );
      expect(lines).toContainEqual(
        'FAIL firmware: the board runs StandardFirmata.ino 2.4, which ends the register write with a STOP instead of the repeated start the MLX90614 needs: flash StandardFirmata 2.5 or newer',
      );
      expect(lines).toContainEqual(
        expect.stringMatching(
          /^FAIL thermometer \(mlx90614\) I2C 0x5a on the board: failed: the board runs StandardFirmata\.ino 2\.4/,
        ),
      );
    },
  );

  it('names each missing device, its reason and that the port is not there; an expired calibration fails', async () => {
    const config = parseGateConfig(
      {
        ...base,
        simulate: false,
        scanner: { path: '/dev/nonexistent-scanner' },
        thermometer: { path: '/dev/nonexistent-gun', calibration: { ...calibration, calibratedAt: '2025-01-01T00:00:00Z' } },
        board: { path: '/dev/nonexistent-board' },
      },
      'test',
    );
    const checks = await runDoctor(config, { timeoutMs: 300, listPorts: async () => [] });
    const lines = checks.map((c) => c.line);
    expect(lines[0]).toBe('serial ports: none found');
    expect(lines[1]).toMatch(
      /^scanner \/dev\/nonexistent-scanner: reconnecting: cannot open \/dev\/nonexistent-scanner: .*\[\/dev\/nonexistent-scanner is not among the serial ports listed above\]$/,
    );
    expect(lines[2]).toMatch(/^thermometer \(gun\) \/dev\/nonexistent-gun: reconnecting: cannot open/);
    expect(lines[3]).toMatch(/^calibration: expired \(blackbody by Li Wei on 2025-01-01, expires 2025-04-01\)$/);
    expect(lines[4]).toMatch(/^signal board \/dev\/nonexistent-board: reconnecting: cannot open/);
    expect(checks.map((c) => c.ok)).toEqual([true, false, false, false, false]);
  });

  it('says when ports cannot be listed and when there is no board', async () => {
    const config = parseGateConfig(
      {
        ...base,
        simulate: false,
        scanner: { path: '/dev/nonexistent-scanner' },
        thermometer: { path: '/dev/nonexistent-gun' },
        board: null,
      },
      'test',
    );
    const checks = await runDoctor(config, {
      timeoutMs: 100,
      listPorts: async () => Promise.reject(new Error('udev is not running')),
    });
    expect(checks[0]).toEqual({ ok: false, line: 'serial ports: cannot list them: udev is not running' });
    expect(checks.at(-1)).toEqual({ ok: true, line: 'signal board: none configured (lights, buzzer and relay unused)' });
    expect(checks.at(-2)?.line).toBe(
      'calibration: no record in the configuration (thermometer.calibration): every reading will say so',
    );
  });
});
