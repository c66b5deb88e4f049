import { access } from 'node:fs/promises';
import { SerialPortStream, type OpenOptions } from '@serialport/stream';
import { SerialPort } from 'serialport';
import type { DeviceKind, DeviceStatus } from '../../../protocol/hardware-events.ts';
import { DEFAULT_BACKOFF, DeviceLifecycle, type BackoffOptions } from './device-lifecycle.ts';

export type SerialBinding = OpenOptions['binding'];

/** What a device's protocol tells the port about the device on the other end. */
export interface PortSessionControl {
  /** The device answers and can be used (`note`: e.g. the firmware it named). */
  connected(note: string | null): void;
  /** The device is not usable on this port (no handshake, garbage): close it and try again later. */
  lost(reason: string): void;
}

/** One connection's protocol, set up on the port before it opens so it hears the first byte. */
export interface PortSession {
  /** The port opened. */
  opened(): void;
  /** The connection is over: `reason` null when the owner stopped it, else why it was lost. */
  ended(reason: string | null): void;
}

export interface ReconnectingPortOptions {
  deviceId: string;
  kind: DeviceKind;
  path: string;
  baudRate: number;
  /** The operating system's serial ports unless told otherwise (MockBinding for the simulated kit). */
  binding?: SerialBinding;
  backoff?: Partial<BackoffOptions>;
  /**
   * How often to check that the device node still exists while connected (default 1000 ms with
   * the operating system's ports, off with an injected binding, whose paths are not files).
   */
  presenceCheckMs?: number | null;
  now?: () => Date;
  /** A fresh session per connection: nothing from a dropped connection may leak into the next. */
  session(port: SerialPortStream, control: PortSessionControl): PortSession;
  onStatus(status: DeviceStatus): void;
}

/**
 * The lifecycle every serial device shares: open the port, hand it to the device's protocol,
 * notice the device going away (unplugged, closed, its node gone, or the protocol giving up) and
 * open it again after a capped exponential backoff. Every failure is a status, never an exception.
 */
export class ReconnectingPort {
  readonly #options: ReconnectingPortOptions;
  readonly #lifecycle: DeviceLifecycle;
  #port: SerialPortStream | null = null;
  #session: PortSession | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #presenceTimer: NodeJS.Timeout | null = null;
  #stopped = true;

  constructor(options: ReconnectingPortOptions) {
    if (typeof options.path !== 'string' || options.path.length === 0) throw new TypeError('path must be a non-empty string');
    if (!Number.isInteger(options.baudRate) || options.baudRate <= 0)
      throw new TypeError(`baudRate must be a positive integer, got ${String(options.baudRate)}`);
    this.#options = options;
    this.#lifecycle = new DeviceLifecycle({
      deviceId: options.deviceId,
      device: options.kind,
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
      now: options.now ?? (() => new Date()),
      initialReason: `not opened yet: ${options.path}`,
      emit: options.onStatus,
    });
  }

  get status(): DeviceStatus {
    return this.#lifecycle.current;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#open();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    const port = this.#port;
    this.#detach(null);
    if (!port?.isOpen) return;
    // The last commands (relay released, lights off) must reach the device before the port closes.
    await new Promise<void>((resolve) => port.drain(() => resolve()));
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  #open(): void {
    this.#retryTimer = null;
    if (this.#stopped) return;
    const { path, baudRate } = this.#options;
    const port = new SerialPortStream({ binding: this.#options.binding ?? SerialPort.binding, path, baudRate, autoOpen: false });
    // Errors also reach the open/close callbacks; this listener only keeps a stray one from crashing the service.
    port.on('error', () => {});
    this.#port = port;
    this.#session = this.#options.session(port, {
      connected: (note) => {
        if (this.#port === port) this.#lifecycle.connected(note);
      },
      lost: (reason) => this.#lost(port, reason),
    });
    port.open((error) => {
      if (this.#port !== port) {
        if (!error) port.close();
        return;
      }
      if (error) {
        this.#detach(`cannot open ${path}: ${error.message}`);
        this.#retry(`cannot open ${path}: ${error.message}`);
        return;
      }
      // An unplugged pty or USB adapter shows up either as a read error (the port closes) or as
      // end-of-file (the stream ends while the port still counts as open): both mean the device is gone.
      port.once('close', (closed?: Error | null) =>
        this.#lost(port, `port closed${closed ? `: ${closed.message}` : ''} (unplugged?)`),
      );
      port.once('end', () => this.#lost(port, 'port reached end of file (unplugged?)'));
      // serialport's unix binding re-reads forever on end-of-file (a pty whose other side went away)
      // without ever reporting it, so a vanished device node is the only reliable sign of the unplug.
      const every =
        this.#options.presenceCheckMs === undefined ? (this.#options.binding ? null : 1000) : this.#options.presenceCheckMs;
      if (every !== null) {
        this.#presenceTimer = setInterval(() => {
          access(path).catch(() => this.#lost(port, `${path} vanished (unplugged?)`));
        }, every);
      }
      this.#session?.opened();
    });
  }

  #lost(port: SerialPortStream, reason: string): void {
    if (this.#port !== port) return;
    this.#detach(reason);
    if (port.isOpen) port.close();
    if (!this.#stopped) this.#retry(reason);
  }

  #detach(reason: string | null): void {
    if (this.#presenceTimer) clearInterval(this.#presenceTimer);
    this.#presenceTimer = null;
    const session = this.#session;
    this.#session = null;
    this.#port = null;
    session?.ended(reason);
  }

  #retry(reason: string): void {
    const delay = this.#lifecycle.failed(reason);
    this.#retryTimer = setTimeout(() => this.#open(), delay);
  }
}
