import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readSubjects } from '../../../bench/screening/real-data.ts';
import type { DeviceStatus } from '../../../protocol/hardware-events.ts';
import { openSimulatedLink } from '../../sim/serial-link.ts';
import { SimulatedThermalArray } from '../../sim/simulated-thermal-array.ts';
import type { ThermometerReading } from '../thermometer/thermometer-reading.ts';
import { encodeThermalFrame } from './gy-mcu90640-frame.ts';
import { DEFAULT_THERMAL_ARRAY, ThermalArrayThermometer } from './thermal-array-thermometer.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function rig(options: { simulate?: boolean } = {}) {
  const link = await openSimulatedLink('pty', 'thermal-array');
  cleanups.push(() => link.close());
  const module = options.simulate === false ? null : new SimulatedThermalArray(link, 25);
  if (module) cleanups.push(() => module.close());
  const thermometer = new ThermalArrayThermometer({
    ...DEFAULT_THERMAL_ARRAY,
    deviceId: 'thermometer',
    path: link.devicePath,
    windowSize: 3,
    frameTimeoutMs: 400,
    presenceCheckMs: 50,
    backoff: { initialMs: 20, maxMs: 100 },
  });
  cleanups.push(() => thermometer.stop());
  const readings: ThermometerReading[] = [];
  thermometer.on('data', (reading) => readings.push(reading));
  return { link, module, thermometer, readings };
}

function nextStatus(thermometer: ThermalArrayThermometer, state: DeviceStatus['state']): Promise<DeviceStatus> {
  return new Promise((resolve) => {
    const listener = (status: DeviceStatus) => {
      if (status.state !== state) return;
      thermometer.off('status', listener);
      resolve(status);
    };
    thermometer.on('status', listener);
  });
}

function next(thermometer: ThermalArrayThermometer, ok: boolean): Promise<ThermometerReading> {
  return new Promise((resolve) => {
    const listener = (reading: ThermometerReading) => {
      if (reading.ok !== ok) return;
      thermometer.off('data', listener);
      resolve(reading);
    };
    thermometer.on('data', listener);
  });
}

async function started(options?: { simulate?: boolean }) {
  const kit = await rig(options);
  const connected = nextStatus(kit.thermometer, 'connected');
  kit.thermometer.start();
  if (options?.simulate !== false) await connected;
  return kit;
}

const dataset = fileURLToPath(new URL('../../../bench/screening/physionet-irt/FLIR_group1.csv', import.meta.url));

describe('thermal array (GY-MCU90640) over a pseudo-terminal', () => {
  it("reports real volunteers' hottest face point (physionet-irt T_Max), the room, and a small frame showing it", async () => {
    const subjects = readSubjects(dataset).filter((s) => s.rounds['face-max']);
    const chosen = [...subjects.filter((s) => s.oralC < 37).slice(0, 2), ...subjects.filter((s) => s.oralC >= 38).slice(0, 2)];
    expect(chosen).toHaveLength(4);
    const { module, thermometer } = await started();
    for (const subject of chosen) {
      const tMax = subject.rounds['face-max']![0]!;
      const reading = next(thermometer, true);
      await module!.measure(tMax, subject.ambientC);
      const got = await reading;
      if (!got.ok || !('site' in got)) throw new Error('expected a thermal-array reading');
      expect(got.objectC).toBeCloseTo(tMax, 2);
      expect(got.ambientC).toBeCloseTo(subject.ambientC, 2);
      expect(got.site).toBe('face-max');
      const frame = got.thermalFrame!;
      expect([frame.width, frame.height]).toEqual([16, 12]);
      expect(frame.pixelsC[frame.hottest.y * frame.width + frame.hottest.x]).toBeCloseTo(tMax, 1);
      expect(Math.max(...frame.pixelsC)).toBeCloseTo(tMax, 1);
    }
  });

  it('takes the face, not a hot cup beside it', async () => {
    const { module, thermometer } = await started();
    const reading = next(thermometer, true);
    module!.set({
      ambientC: 20,
      people: [{ faceMaxC: 36.2, distanceM: 0.6, across: 0.3 }],
      objects: [{ tempC: 62, x: 27, y: 18, radius: 2 }],
    });
    expect(await reading).toMatchObject({ ok: true, objectC: 36.2, site: 'face-max' });
  });

  it('says once that two people stand in front of it, and reads the one who stays', async () => {
    const { module, thermometer, readings } = await started();
    const refusal = next(thermometer, false);
    const two = [
      { faceMaxC: 36.1, distanceM: 0.7, across: 0.2 },
      { faceMaxC: 37.9, distanceM: 0.7, across: 0.8 },
    ];
    module!.set({ people: two });
    expect(await refusal).toEqual({ ok: false, reason: 'more than one person in front of the thermal array: one at a time' });
    await module!.nextFrames(6);
    expect(readings).toHaveLength(1);
    const reading = next(thermometer, true);
    module!.set({ people: [two[1]!] });
    expect(await reading).toMatchObject({ ok: true, objectC: 37.9 });
  });

  it('asks someone too far away to step closer, then reads them when they do', async () => {
    const { module, thermometer, readings } = await started();
    const refusal = next(thermometer, false);
    module!.set({ people: [{ faceMaxC: 36.5, distanceM: 1.8 }] });
    expect(await refusal).toMatchObject({ ok: false, reason: expect.stringMatching(/too far.*step closer/) });
    await module!.nextFrames(6);
    expect(readings).toHaveLength(1);
    const reading = next(thermometer, true);
    module!.set({ people: [{ faceMaxC: 36.5, distanceM: 0.5 }] });
    expect(await reading).toMatchObject({ ok: true, objectC: 36.5 });
  });

  it('reports garbage and a cut-off frame between good ones, and still reads the next person', async () => {
    const { module, thermometer, readings } = await started();
    const noise = next(thermometer, false);
    await module!.writeRaw(Buffer.from('ff00aa5a5a0206', 'hex'));
    expect(await noise).toMatchObject({ ok: false, reason: expect.stringMatching(/noise on the line|checksum/) });
    // Back in step before the next fault, so it starts a run of its own and is reported.
    await module!.nextFrames(3);
    const cut = next(thermometer, false);
    await module!.writeRaw(encodeThermalFrame({ pixelsC: new Float64Array(768).fill(22), ambientC: 22 }).subarray(0, 700));
    expect(await cut).toMatchObject({ ok: false });
    const reading = next(thermometer, true);
    await module!.measure(36.8, 21);
    expect(await reading).toMatchObject({ ok: true, objectC: 36.8, ambientC: 21 });
    expect(readings.filter((r) => r.ok)).toHaveLength(1);
  });

  it('reads nobody twice: one reading per person standing still', async () => {
    const { module, thermometer, readings } = await started();
    const first = next(thermometer, true);
    await module!.measure(36.4, 22);
    await first;
    await module!.nextFrames(10);
    expect(readings.filter((r) => r.ok)).toHaveLength(1);
    const second = next(thermometer, true);
    await module!.measure(36.9, 22);
    expect(await second).toMatchObject({ objectC: 36.9 });
  });

  it('says so when the module sends no frames (not streaming, or at another baud rate)', async () => {
    const { thermometer } = await started({ simulate: false });
    const lost = await nextStatus(thermometer, 'reconnecting');
    expect(lost.reason).toMatch(/no thermal frame within 400 ms: is the module powered and at 115200 baud\?/);
  });

  it('reconnects after the cable is pulled and asks the module to stream again', async () => {
    const { link, module, thermometer } = await started();
    const lost = nextStatus(thermometer, 'reconnecting');
    await link.unplug();
    await lost;
    const back = nextStatus(thermometer, 'connected');
    await link.replug();
    await back;
    const reading = next(thermometer, true);
    await module!.measure(36.6, 22);
    expect(await reading).toMatchObject({ objectC: 36.6 });
  });
});
