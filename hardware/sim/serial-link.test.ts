import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ScannerLineParser, type ScannerLine } from '../devices/scanner/scanner-line-parser.ts';
import { SerialDevice } from '../devices/connection/serial-device.ts';
import { THERMOMETER_FORMATS } from '../devices/thermometer/thermometer-formats.ts';
import { ThermometerGunParser, type GunReading } from '../devices/thermometer/thermometer-gun-parser.ts';
import { chooseLinkKind, isSocatOnPath, openSimulatedLink, type LinkKind, type SimulatedLink } from './serial-link.ts';
import { SimulatedScanner } from './simulated-scanner.ts';
import { SimulatedThermometerGun } from './simulated-thermometer-gun.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function connect<T>(
  link: SimulatedLink,
  createParser: () => ScannerLineParser | ThermometerGunParser,
): Promise<SerialDevice<T>> {
  const device = new SerialDevice<T>({
    deviceId: 'sim',
    kind: 'scanner',
    path: link.devicePath,
    baudRate: 9600,
    binding: link.binding,
    createParser,
  });
  cleanups.push(() => device.stop());
  const connected = once(device, 'status');
  device.start();
  expect((await connected)[0]).toMatchObject({ state: 'connected' });
  return device;
}

async function link(kind: LinkKind): Promise<SimulatedLink> {
  const opened = await openSimulatedLink(kind, 'test');
  cleanups.push(() => opened.close());
  return opened;
}

describe.each<LinkKind>(['pty', 'mock'])('simulated devices over a %s link', (kind) => {
  it('the scanner writes a CRLF line the real parser reads', async () => {
    const wire = await link(kind);
    const device = await connect<ScannerLine>(wire, () => new ScannerLineParser());
    const data = once(device, 'data');
    await new SimulatedScanner(wire).scan('V-QR2026');
    expect((await data)[0]).toEqual({ ok: true, text: 'V-QR2026' });
  });

  it('the thermometer gun writes a reading line the real parser reads', async () => {
    const wire = await link(kind);
    const device = await connect<GunReading>(
      wire,
      () => new ThermometerGunParser({ format: THERMOMETER_FORMATS['tagged-fahrenheit'] }),
    );
    const data = once(device, 'data');
    await new SimulatedThermometerGun(wire, 'tagged-fahrenheit').measure(37.5, 18);
    expect((await data)[0]).toEqual({ ok: true, objectC: 37.5, ambientC: 18 });
  });
});

describe('link choice', () => {
  it('prefers a pty when socat is on PATH and honours an explicit choice', () => {
    expect(chooseLinkKind('auto', true)).toBe('pty');
    expect(chooseLinkKind('auto', false)).toBe('mock');
    expect(chooseLinkKind('mock', true)).toBe('mock');
    expect(chooseLinkKind('pty', false)).toBe('pty');
  });

  it('finds socat on this machine (CI installs it: apt-get install socat)', () => {
    expect(isSocatOnPath(), 'socat is not installed: run `apt-get install socat`; the pty tests need it').toBe(true);
    expect(isSocatOnPath('/nonexistent-dir')).toBe(false);
  });

  it('a mock link refuses to write before the gate opened the port', async () => {
    const wire = await link('mock');
    await expect(new SimulatedScanner(wire).scan('x')).rejects.toThrow(/has not opened the simulated port/);
  });
});
