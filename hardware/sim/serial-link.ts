import { randomUUID } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { delimiter, join } from 'node:path';
import { SerialPortStream } from '@serialport/stream';
import { SerialPort, SerialPortMock } from 'serialport';
import type { SerialBinding } from '../devices/connection/reconnecting-port.ts';
import { openPtyPair, type PtyPair } from './pty-pair.ts';

export type LinkKind = 'pty' | 'mock';
export type LinkPreference = 'auto' | LinkKind;

/**
 * The wire between a simulated device and the gate's driver. The simulator writes the device's
 * real bytes into it and hears what the driver sends; the driver opens `devicePath` with
 * `binding` exactly as it opens hardware.
 */
export interface SimulatedLink {
  readonly kind: LinkKind;
  readonly devicePath: string;
  /** Undefined: the operating system's serial ports (the pty case). */
  readonly binding: SerialBinding | undefined;
  readonly plugged: boolean;
  write(bytes: Uint8Array): Promise<void>;
  /** Bytes the driver wrote to the device. */
  onData(listener: (bytes: Buffer) => void): void;
  /** The device node disappears, as when a guard pulls the USB cable. */
  unplug(): Promise<void>;
  /** The device node comes back at the same path. */
  replug(): Promise<void>;
  close(): Promise<void>;
}

export class LinkUnpluggedError extends Error {}

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
  return kind === 'pty' ? openPtyLink(name) : Promise.resolve(openMockLink(name));
}

interface PtyEnd {
  pair: PtyPair;
  port: SerialPortStream;
}

async function openPtyEnd(link: string, listeners: Set<(bytes: Buffer) => void>): Promise<PtyEnd> {
  const pair = await openPtyPair({ link });
  // socat may announce the pty before it has made the link; a driver opening it then would miss it.
  try {
    await waitForPath(link);
  } catch (error) {
    await pair.close();
    throw error;
  }
  const port = new SerialPortStream({ binding: SerialPort.binding, path: pair.paths[0], baudRate: 9600, autoOpen: false });
  port.on('error', () => {});
  port.on('data', (bytes: Buffer) => {
    for (const listener of listeners) listener(bytes);
  });
  try {
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  } catch (error) {
    await pair.close();
    throw error;
  }
  return { pair, port };
}

async function waitForPath(path: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await access(path);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`socat did not create ${path} within ${timeoutMs} ms`);
      await delay(5);
    }
  }
}

async function closePtyEnd(end: PtyEnd): Promise<void> {
  if (end.port.isOpen) await new Promise<void>((resolve) => end.port.close(() => resolve()));
  await end.pair.close();
}

/**
 * Two real pseudo-terminals joined by socat: the simulator holds one end, the driver opens the
 * other through a symbolic link in a directory of the link's own, so the path survives a replug.
 */
async function openPtyLink(name: string): Promise<SimulatedLink> {
  const dir = await mkdtemp(join(tmpdir(), `checkpoint-${name}-`));
  const devicePath = join(dir, name);
  const listeners = new Set<(bytes: Buffer) => void>();
  let end: PtyEnd | null = await openPtyEnd(devicePath, listeners).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    kind: 'pty',
    devicePath,
    binding: undefined,
    get plugged() {
      return end !== null;
    },
    write: (bytes) =>
      new Promise((resolve, reject) => {
        const port = end?.port;
        if (!port) return reject(new LinkUnpluggedError(`${name} is unplugged`));
        port.write(Buffer.from(bytes), (error) =>
          error ? reject(error) : port.drain((drained) => (drained ? reject(drained) : resolve())),
        );
      }),
    onData: (listener) => listeners.add(listener),
    unplug: async () => {
      const current = end;
      end = null;
      if (current) await closePtyEnd(current);
    },
    replug: async () => {
      if (!end) end = await openPtyEnd(devicePath, listeners);
    },
    close: async () => {
      const current = end;
      end = null;
      if (current) await closePtyEnd(current);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * serialport's MockBinding keeps incoming bytes per opened port, and only `emitData` on the
 * driver's own port binding wakes the driver's pending read. So the link hands the driver a
 * binding that remembers the port binding it opened, and the simulator emits into that; what the
 * driver writes is caught on the way into that port binding. A mock port cannot vanish, so
 * unplugging needs the pty link.
 */
function openMockLink(name: string): SimulatedLink {
  const mock = SerialPortMock.binding;
  const devicePath = `/dev/simulated-${name}-${randomUUID().slice(0, 8)}`;
  mock.createPort(devicePath);
  const listeners = new Set<(bytes: Buffer) => void>();
  let opened: Awaited<ReturnType<typeof mock.open>> | null = null;
  const binding: SerialBinding = {
    list: () => mock.list(),
    open: async (options: Parameters<typeof mock.open>[0]) => {
      const port = await mock.open(options);
      const write = port.write.bind(port);
      port.write = async (buffer: Buffer) => {
        await write(buffer);
        for (const listener of listeners) listener(Buffer.from(buffer));
      };
      opened = port;
      return port;
    },
  };
  const unsupported = async () => {
    throw new Error('unplug and replug need the pty link: install socat (apt-get install socat)');
  };
  return {
    kind: 'mock',
    devicePath,
    binding,
    plugged: true,
    write: async (bytes) => {
      if (!opened?.isOpen) throw new Error(`the gate has not opened the simulated port ${devicePath}`);
      opened.emitData(Buffer.from(bytes));
    },
    onData: (listener) => listeners.add(listener),
    unplug: unsupported,
    replug: unsupported,
    close: async () => {},
  };
}
