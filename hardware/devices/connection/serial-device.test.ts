import { once } from 'node:events';
import { SerialPort, SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../protocol/hardware-events.ts';
import type { ScannerLine } from '../scanner/scanner-line-parser.ts';
import type { SerialDevice } from './serial-device.ts';
import { openPtyPair, type PtyPair } from '../../sim/pty-pair.ts';
import { nextStatus } from '../../../test/support/next-status.ts';
import { testScanner } from '../../../test/support/test-scanner.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function ptyPair(): Promise<PtyPair> {
  const pair = await openPtyPair();
  cleanups.push(() => pair.close());
  return pair;
}

function scanner(path: string, extra: Parameters<typeof testScanner>[1] = {}): SerialDevice<ScannerLine> {
  const device = testScanner(path, extra);
  cleanups.push(() => device.stop());
  return device;
}

async function openSimulatorEnd(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  cleanups.push(() => new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())));
  return port;
}

describe('SerialDevice over a real pseudo-terminal (socat)', () => {
  it('delivers a line written at the other end as parsed data', async () => {
    const pair = await ptyPair();
    const device = scanner(pair.paths[1]);
    const connected = nextStatus(device, 'connected');
    device.start();
    expect(await connected).toMatchObject({ type: 'device-status', deviceId: 'scanner', device: 'scanner', reason: null });
    const data = once(device, 'data');
    const simulator = await openSimulatorEnd(pair.paths[0]);
    simulator.write('V-ABCD1234\r\n');
    expect(await data).toEqual([{ ok: true, text: 'V-ABCD1234' }]);
  });

  it('reports an unplug, flushes the cut-off line as refused and keeps retrying', async () => {
    const pair = await ptyPair();
    const device = scanner(pair.paths[1]);
    const connected = nextStatus(device, 'connected');
    device.start();
    await connected;
    const simulator = await openSimulatorEnd(pair.paths[0]);
    const received: ScannerLine[] = [];
    device.on('data', (line) => received.push(line));
    const reconnecting = nextStatus(device, 'reconnecting');
    // One write, so the cut-off tail travels in the same read as the complete line we wait for.
    const firstLine = once(device, 'data');
    simulator.write('V-AAAA\r\n1101051949');
    await firstLine;
    await pair.close();
    expect((await reconnecting).reason).toMatch(/port closed|end of file|vanished/);
    expect(received).toEqual([
      { ok: true, text: 'V-AAAA' },
      { ok: false, reason: 'incomplete line: the stream ended before the line terminator' },
    ]);
    expect((await nextStatus(device, 'failed')).reason).toMatch(/cannot open/);
  });
});

// serialport's own MockBinding (@serialport/binding-mock), reached through its typed re-export.
const MockBinding = SerialPortMock.binding;

describe('SerialDevice retry and recovery', () => {
  it('backs off while the port is missing, says failed, and connects once it appears', async () => {
    const path = `/dev/test-scanner-${process.pid}-${Date.now()}`;
    const device = scanner(path, { binding: MockBinding, presenceCheckMs: null });
    const statuses: DeviceStatus[] = [];
    device.on('status', (status) => statuses.push(status));
    const failed = nextStatus(device, 'failed');
    device.start();
    await failed;
    expect(statuses.map((s) => s.reason?.replace(/.*retrying in/, 'retrying in'))).toEqual([
      'retrying in 5 ms',
      'retrying in 10 ms',
      'retrying in 20 ms',
    ]);
    expect(statuses.map((s) => s.state)).toEqual(['reconnecting', 'reconnecting', 'failed']);
    const connected = nextStatus(device, 'connected');
    MockBinding.createPort(path);
    expect(await connected).toMatchObject({ state: 'connected', reason: null });
    expect(device.status.state).toBe('connected');
  });

  it('validates its options', () => {
    expect(() => scanner('')).toThrow(/path/);
    expect(() => scanner('/dev/x', { baudRate: -1 })).toThrow(/baudRate/);
  });
});
