import { EventEmitter } from 'node:events';
import { access } from 'node:fs/promises';
import type { Transform } from 'node:stream';
import { SerialPortStream, type OpenOptions } from '@serialport/stream';
import { SerialPort } from 'serialport';
import type { DeviceKind, DeviceStatus } from '../../../protocol/hardware-events.ts';
import { DEFAULT_BACKOFF, DeviceLifecycle, type BackoffOptions } from './device-lifecycle.ts';

export type SerialBinding = OpenOptions['binding'];

export interface SerialDeviceOptions {
  deviceId: string;
  kind: DeviceKind;
  path: string;
  baudRate: number;
  /** The operating system's serial ports unless told otherwise (MockBinding for the simulated kit). */
  binding?: SerialBinding;
  /** A fresh parser per connection: bytes left over from a dropped connection must not join the next one. */
  createParser: () => Transform;
  backoff?: Partial<BackoffOptions>;
  /**
   * How often to check that the device node still exists while connected (default 1000 ms with
   * the operating system's ports, off with an injected binding, whose paths are not files).
   */
  presenceCheckMs?: number | null;
  now?: () => Date;
}

type SerialDeviceEvents<T> = { status: [DeviceStatus]; data: [T] };

/**
 * One serial device with its line protocol. Opening is retried with capped exponential backoff
 * when the port is missing or goes away (unplugged); every failure is a status, never an exception.
 */
export class SerialDevice<T> extends EventEmitter<SerialDeviceEvents<T>> {
  private readonly options: SerialDeviceOptions;
  private port: SerialPortStream | null = null;
  private parser: Transform | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private presenceTimer: NodeJS.Timeout | null = null;
  private stopped = true;
  private readonly lifecycle: DeviceLifecycle;

  constructor(options: SerialDeviceOptions) {
    super();
    if (typeof options.path !== 'string' || options.path.length === 0) throw new TypeError('path must be a non-empty string');
    if (!Number.isInteger(options.baudRate) || options.baudRate <= 0)
      throw new TypeError(`baudRate must be a positive integer, got ${String(options.baudRate)}`);
    this.options = options;
    this.lifecycle = new DeviceLifecycle({
      deviceId: options.deviceId,
      device: options.kind,
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
      now: options.now ?? (() => new Date()),
      initialReason: `not opened yet: ${options.path}`,
      emit: (status) => this.emit('status', status),
    });
  }

  get status(): DeviceStatus {
    return this.lifecycle.current;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const port = this.port;
    this.detach();
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private open(): void {
    this.retryTimer = null;
    if (this.stopped) return;
    const port = new SerialPortStream({
      binding: this.options.binding ?? SerialPort.binding,
      path: this.options.path,
      baudRate: this.options.baudRate,
      autoOpen: false,
    });
    // Errors also reach the open/close callbacks; this listener only keeps a stray one from crashing the service.
    port.on('error', () => {});
    port.open((error) => {
      if (this.stopped) {
        if (!error) port.close();
        return;
      }
      if (error) {
        this.retry(`cannot open ${this.options.path}: ${error.message}`);
        return;
      }
      this.attach(port);
    });
  }

  private attach(port: SerialPortStream): void {
    this.port = port;
    const parser = this.options.createParser();
    this.parser = parser;
    parser.on('data', (item: T) => this.emit('data', item));
    port.pipe(parser);
    // An unplugged pty or USB adapter shows up either as a read error (the port closes) or as
    // end-of-file (the stream ends while the port still counts as open): both mean the device is gone.
    port.once('close', (error?: Error | null) => this.lost(port, `port closed${error ? `: ${error.message}` : ''} (unplugged?)`));
    port.once('end', () => this.lost(port, 'port reached end of file (unplugged?)'));
    // serialport's unix binding re-reads forever on end-of-file (a pty whose other side went away)
    // without ever reporting it, so a vanished device node is the only reliable sign of the unplug.
    const every =
      this.options.presenceCheckMs === undefined ? (this.options.binding ? null : 1000) : this.options.presenceCheckMs;
    if (every !== null) {
      this.presenceTimer = setInterval(() => {
        access(this.options.path).catch(() => this.lost(port, `${this.options.path} vanished (unplugged?)`));
      }, every);
    }
    this.lifecycle.connected(null);
  }

  private lost(port: SerialPortStream, reason: string): void {
    if (this.port !== port) return;
    this.detach();
    if (port.isOpen) port.close();
    if (!this.stopped) this.retry(reason);
  }

  /** Ending the parser flushes it, so a line cut off by the unplug is reported rather than lost. */
  private detach(): void {
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.presenceTimer = null;
    if (this.port && this.parser) this.port.unpipe(this.parser);
    this.parser?.end();
    this.parser = null;
    this.port = null;
  }

  private retry(reason: string): void {
    const delay = this.lifecycle.failed(reason);
    this.retryTimer = setTimeout(() => this.open(), delay);
  }
}
