import { EventEmitter } from 'node:events';
import { access } from 'node:fs/promises';
import { SerialPortStream } from '@serialport/stream';
import firmataIo from 'firmata-io';
import five from 'johnny-five';
import { SerialPort } from 'serialport';
import type { DeviceStatus } from '../../../protocol/hardware-events.ts';
import { DEFAULT_BACKOFF, DeviceLifecycle, type BackoffOptions } from '../connection/device-lifecycle.ts';
import type { SerialBinding } from '../connection/serial-device.ts';

export type JohnnyFiveBoard = InstanceType<typeof five.Board>;

export interface FirmataBoardLinkOptions {
  deviceId: string;
  path: string;
  /** StandardFirmata talks at 57600 baud. */
  baudRate: number;
  binding?: SerialBinding;
  backoff?: Partial<BackoffOptions>;
  /**
   * When the board has not announced its version by itself (an Uno does after the reset the port
   * opening causes), ask for it after this long.
   */
  reportVersionAfterMs?: number;
  /** No finished Firmata handshake within this long: wrong firmware, wrong baud or not a board. */
  handshakeTimeoutMs?: number;
  /** As in SerialDevice: the device node's presence is the only reliable unplug sign on a pty. */
  presenceCheckMs?: number | null;
  now?: () => Date;
}

type LinkEvents = { status: [DeviceStatus]; ready: [JohnnyFiveBoard]; lost: [] };

/**
 * An Arduino running StandardFirmata, reached through johnny-five with firmata-io over a
 * serialport 13 stream (not johnny-five's own optional serialport 8). Opening, the handshake and
 * every loss are retried with capped backoff; each is a status, never an exception. Lights, buzzer,
 * relay and the I2C thermometer all hang off the one board this link keeps ready.
 */
export class FirmataBoardLink extends EventEmitter<LinkEvents> {
  private readonly options: FirmataBoardLinkOptions;
  private port: SerialPortStream | null = null;
  /** The johnny-five board of the current attempt, ready or not. */
  private attempt: JohnnyFiveBoard | null = null;
  private ready: JohnnyFiveBoard | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private handshakeTimer: NodeJS.Timeout | null = null;
  private presenceTimer: NodeJS.Timeout | null = null;
  private stopped = true;
  private readonly lifecycle: DeviceLifecycle;

  constructor(options: FirmataBoardLinkOptions) {
    super();
    if (!Number.isInteger(options.baudRate) || options.baudRate <= 0)
      throw new TypeError(`baudRate must be a positive integer, got ${String(options.baudRate)}`);
    this.options = options;
    this.lifecycle = new DeviceLifecycle({
      deviceId: options.deviceId,
      device: 'board',
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
      now: options.now ?? (() => new Date()),
      initialReason: `not opened yet: ${options.path}`,
      emit: (status) => this.emit('status', status),
    });
  }

  get status(): DeviceStatus {
    return this.lifecycle.current;
  }

  /** The board while it is connected and has finished the handshake. */
  get board(): JohnnyFiveBoard | null {
    return this.ready;
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
    if (!port?.isOpen) return;
    // The last commands (relay released, lights off) must reach the board before the port closes.
    await new Promise<void>((resolve) => port.drain(() => resolve()));
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private open(): void {
    this.retryTimer = null;
    if (this.stopped) return;
    const { path, baudRate } = this.options;
    const port = new SerialPortStream({ binding: this.options.binding ?? SerialPort.binding, path, baudRate, autoOpen: false });
    port.on('error', () => {});
    this.port = port;
    const io = new firmataIo.Firmata(port, { reportVersionTimeout: this.options.reportVersionAfterMs ?? 1000 });
    io.on('error', () => {});
    const board = new five.Board({
      io,
      repl: false,
      debug: false,
      sigint: false,
      timeout: this.options.handshakeTimeoutMs ?? 10_000,
    });
    this.attempt = board;
    // johnny-five reports its own handshake timeout as an error; ours below says more.
    board.on('error', () => {});
    board.once('ready', () => {
      if (this.port !== port) return;
      if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
      this.handshakeTimer = null;
      this.ready = board;
      const name = io.firmware.name ? `${io.firmware.name} ` : '';
      this.lifecycle.connected(`${name}on ${path}`.trim());
      this.emit('ready', board);
    });
    port.open((error) => {
      if (this.port !== port) {
        if (!error) port.close();
        return;
      }
      if (error) {
        this.detach();
        this.retry(`cannot open ${path}: ${error.message}`);
        return;
      }
      port.once('close', (closed?: Error | null) =>
        this.lost(port, `port closed${closed ? `: ${closed.message}` : ''} (unplugged?)`),
      );
      const timeoutMs = this.options.handshakeTimeoutMs ?? 10_000;
      this.handshakeTimer = setTimeout(
        () =>
          this.lost(
            port,
            `no Firmata handshake within ${timeoutMs} ms on ${path}: is StandardFirmata flashed and the baud rate ${baudRate}?`,
          ),
        timeoutMs,
      );
      const every =
        this.options.presenceCheckMs === undefined ? (this.options.binding ? null : 1000) : this.options.presenceCheckMs;
      if (every !== null) {
        this.presenceTimer = setInterval(() => {
          access(path).catch(() => this.lost(port, `${path} vanished (unplugged?)`));
        }, every);
      }
    });
  }

  private lost(port: SerialPortStream, reason: string): void {
    if (this.port !== port) return;
    const wasReady = this.ready !== null;
    this.detach();
    if (port.isOpen) port.close();
    if (wasReady) this.emit('lost');
    if (!this.stopped) this.retry(reason);
  }

  private detach(): void {
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.presenceTimer = null;
    this.handshakeTimer = null;
    this.port = null;
    this.ready = null;
    // johnny-five keeps every board it ever made; a gate retrying a missing board every few
    // seconds for weeks would otherwise grow that list without end.
    const cached = this.attempt ? five.Board.cache.indexOf(this.attempt) : -1;
    if (cached >= 0) five.Board.cache.splice(cached, 1);
    this.attempt = null;
  }

  private retry(reason: string): void {
    const delay = this.lifecycle.failed(reason);
    this.retryTimer = setTimeout(() => this.open(), delay);
  }
}
