import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../protocol/hardware-events.ts';
import type { FirmataBoardLink } from '../board/firmata-board-link.ts';
import { DEFAULT_MLX90614, Mlx90614Thermometer } from './mlx90614-thermometer.ts';
import { openSimulatedLink, type SimulatedLink } from '../../sim/serial-link.ts';
import type { SensorScript, SimulatedBoard } from '../../sim/simulated-board.ts';
import { BOARDS, boardLinkTo, REAL_FIRMWARE, type BoardUnderTest } from '../../../test/support/simulated-boards.ts';
import type { GunReading } from './thermometer-gun-parser.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Rig {
  link: SimulatedLink;
  emulator: SimulatedBoard;
  board: FirmataBoardLink;
  thermometer: Mlx90614Thermometer;
  readings: GunReading[];
  statuses: DeviceStatus[];
}

/**
 * StandardFirmata 2.4 cannot send the repeated start the MLX90614's datasheet asks for, so on the
 * real firmware the tests of the driver's own logic use a sensor that answers after a STOP.
 */
async function rig(
  under: BoardUnderTest,
  sensor: Partial<SensorScript> = under === REAL_FIRMWARE ? { answersAfterStop: true } : {},
  waitFor: DeviceStatus['state'] = 'connected',
): Promise<Rig> {
  const link = await openSimulatedLink('pty', 'board');
  cleanups.push(() => link.close());
  const emulator = await under.open(link, sensor);
  cleanups.push(() => emulator.close());
  emulator.setTemperatures(21, 21);
  const board = boardLinkTo(link);
  const thermometer = new Mlx90614Thermometer({
    ...DEFAULT_MLX90614,
    deviceId: 'thermometer',
    board,
    sampleMs: 10,
    answerTimeoutMs: 300,
    presence: { ...DEFAULT_MLX90614.presence, windowSize: 4 },
  });
  const readings: GunReading[] = [];
  const statuses: DeviceStatus[] = [];
  thermometer.on('data', (reading) => readings.push(reading));
  thermometer.on('status', (status) => statuses.push(status));
  cleanups.push(async () => {
    await thermometer.stop();
    await board.stop();
  });
  thermometer.start();
  const connected = statusIs(thermometer, (s) => s.state === waitFor);
  board.start();
  await connected;
  return { link, emulator, board, thermometer, readings, statuses };
}

function statusIs(thermometer: Mlx90614Thermometer, test: (status: DeviceStatus) => boolean): Promise<DeviceStatus> {
  return new Promise((resolve) => {
    if (test(thermometer.status)) return resolve(thermometer.status);
    const listener = (status: DeviceStatus) => {
      if (!test(status)) return;
      thermometer.off('status', listener);
      resolve(status);
    };
    thermometer.on('status', listener);
  });
}

describe(
  'Mlx90614Thermometer on the real StandardFirmata 2.4, with an MLX90614 that follows its datasheet',
  { timeout: 60_000 },
  () => {
    it('says plainly that the firmware is too old for the sensor, and gives no reading', async () => {
      const { thermometer, readings, emulator } = await rig(REAL_FIRMWARE, {}, 'failed');
      expect(thermometer.status.reason).toMatch(
        /^the board runs StandardFirmata\.ino 2\.4, which ends the register write with a STOP .*: flash StandardFirmata 2\.5 or newer \(no answer from the MLX90614 at 0x5a/,
      );
      emulator.setTemperatures(36.6, 20);
      await emulator.nextReads(0x07, 6);
      expect(readings).toEqual([]);
      expect(thermometer.status.state).toBe('failed');
    });
  },
);

describe.each(BOARDS)('Mlx90614Thermometer on $name', { timeout: 60_000 }, (under) => {
  it('reports nothing for the background, then one median reading when a person steps up', async () => {
    const { emulator, thermometer, readings } = await rig(under);
    await emulator.nextReads(0x07, 6);
    expect(readings).toEqual([]);
    const reading = once(thermometer, 'data');
    emulator.setTemperatures(36.6, 19.5);
    expect((await reading)[0]).toEqual({ ok: true, objectC: 36.61, ambientC: 19.49 });
    await emulator.nextReads(0x07, 8);
    expect(readings).toHaveLength(1);
  });

  it('turns a stuck −40 or 80, the error flag and a bad checksum into a status, never a reading', async () => {
    const { emulator, thermometer, readings } = await rig(under);
    for (const [script, reason] of [
      [() => emulator.setTemperatures(-40), /object temperature -40 °C is outside/],
      [() => emulator.setTemperatures(80), /object temperature 80 °C is outside/],
      [() => (emulator.sensor.errorFlag = true), /error flag/],
      [() => (emulator.sensor.corruptChecksum = true), /PEC/],
    ] as const) {
      const failed = statusIs(thermometer, (s) => s.state === 'failed' && reason.test(s.reason ?? ''));
      script();
      await failed;
      Object.assign(emulator.sensor, { objectC: 36.5, errorFlag: false, corruptChecksum: false });
      await emulator.nextReads(0x07, 2);
      emulator.setTemperatures(21);
      await statusIs(thermometer, (s) => s.state === 'connected');
      await emulator.nextReads(0x07, 2);
    }
    expect(readings.every((r) => r.ok && r.objectC > 30 && r.objectC < 43)).toBe(true);
  });

  it('a sensor that stops answering is a failed status; it recovers when answers resume', async () => {
    const { emulator, thermometer, readings } = await rig(under);
    const silent = statusIs(thermometer, (s) => s.state === 'failed');
    emulator.sensor.responding = false;
    emulator.setTemperatures(36.8);
    expect((await silent).reason).toMatch(/no answer from the MLX90614 at 0x5a/);
    expect(readings).toEqual([]);
    const reading = once(thermometer, 'data');
    emulator.sensor.responding = true;
    await statusIs(thermometer, (s) => s.state === 'connected');
    expect((await reading)[0]).toMatchObject({ objectC: 36.81 });
  });

  it('never joins samples from before an unplug to samples after it', async () => {
    const { link, emulator, thermometer, readings } = await rig(under);
    emulator.setTemperatures(37.5);
    // Fewer samples than the window: no reading yet when the cable is pulled.
    await emulator.nextReads(0x07, 2);
    await link.unplug();
    await statusIs(thermometer, (s) => s.state === 'reconnecting');
    const early = readings.length;
    emulator.reset();
    emulator.setTemperatures(21);
    await link.replug();
    await statusIs(thermometer, (s) => s.state === 'connected');
    const reading = once(thermometer, 'data');
    emulator.setTemperatures(36.4);
    expect((await reading)[0]).toMatchObject({ objectC: 36.39 });
    expect(readings.slice(early).filter((r) => r.ok && r.objectC > 37)).toEqual([]);
  });
});
