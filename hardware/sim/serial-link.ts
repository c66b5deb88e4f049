import { randomUUID } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { SerialPortStream } from '@serialport/stream';
import { SerialPort, SerialPortMock } from 'serialport';
import type { SerialBinding } from '../serial-device.ts';
import { openPtyPair } from './pty-pair.ts';

export type LinkKind = 'pty' | 'mock';
export type LinkPreference = 'auto' | LinkKind;

/**
 * The wire between a simulated device and the gate's driver. The simulator writes the device's
 * real bytes into it; the driver opens `devicePath` with `binding` exactly as it opens hardware.
 */
export interface SimulatedLink {
  readonly kind: LinkKind;
  readonly devicePath: string;
  /** Undefined: the operating system's serial ports (the pty case). */
  readonly binding: SerialBinding | undefined;
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export function isSocatOnPath(path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((dir) => {
    if (!dir) return false;
    try {
      accessSync(join(dir, 'socat'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export function chooseLinkKind(preference: LinkPreference, socatAvailable: boolean): LinkKind {
  if (preference !== 'auto') return preference;
  return socatAvailable ? 'pty' : 'mock';
}

export function openSimulatedLink(kind: LinkKind, name: string): Promise<SimulatedLink> {
  return kind === 'pty' ? openPtyLink() : Promise.resolve(openMockLink(name));
}

/** Two real pseudo-terminals joined by socat: the simulator holds one end, the driver opens the other. */
async function openPtyLink(): Promise<SimulatedLink> {
  const pair = await openPtyPair();
  const port = new SerialPortStream({ binding: SerialPort.binding, path: pair.paths[0], baudRate: 9600, autoOpen: false });
  port.on('error', () => {});
  try {
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  } catch (error) {
    await pair.close();
    throw error;
  }
  return {
    kind: 'pty',
    devicePath: pair.paths[1],
    binding: undefined,
    write: (bytes) =>
      new Promise((resolve, reject) => {
        port.write(Buffer.from(bytes), (error) => (error ? reject(error) : port.drain((drained) => (drained ? reject(drained) : resolve()))));
      }),
    close: async () => {
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
      await pair.close();
    },
  };
}

/**
 * serialport's MockBinding keeps incoming bytes per opened port, and only `emitData` on the
 * driver's own port binding wakes the driver's pending read. So the link hands the driver a
 * binding that remembers the port binding it opened, and the simulator emits into that.
 */
function openMockLink(name: string): SimulatedLink {
  const mock = SerialPortMock.binding;
  const devicePath = `/dev/simulated-${name}-${randomUUID().slice(0, 8)}`;
  mock.createPort(devicePath);
  let opened: Awaited<ReturnType<typeof mock.open>> | null = null;
  const binding: SerialBinding = {
    list: () => mock.list(),
    open: async (options: Parameters<typeof mock.open>[0]) => {
      opened = await mock.open(options);
      return opened;
    },
  };
  return {
    kind: 'mock',
    devicePath,
    binding,
    write: async (bytes) => {
      if (!opened?.isOpen) throw new Error(`the gate has not opened the simulated port ${devicePath}`);
      opened.emitData(Buffer.from(bytes));
    },
    close: async () => {},
  };
}
