import { EventEmitter } from 'node:events';
import firmataIo from 'firmata-io';
import five from 'johnny-five';
import type { DeviceStatus } from '../../../protocol/hardware-events.ts';
import { describeFirmware, type FirmwareInfo } from './firmata-firmware.ts';
import { ReconnectingPort, type ReconnectingPortOptions } from '../connection/reconnecting-port.ts';

export type JohnnyFiveBoard = InstanceType<typeof five.Board>;

/** StandardFirmata talks at 57600 baud. */
export interface FirmataBoardLinkOptions extends Omit<ReconnectingPortOptions, 'kind' | 'session' | 'onStatus'> {
  /**
   * When the board has not announced its version by itself (an Uno does after the reset the port
   * opening causes), ask for it after this long.
   */
  reportVersionAfterMs?: number;
  /** No finished Firmata handshake within this long: wrong firmware, wrong baud or not a board. */
  handshakeTimeoutMs?: number;
}

type LinkEvents = { status: [DeviceStatus]; ready: [JohnnyFiveBoard]; lost: [] };

/**
 * An Arduino running StandardFirmata, reached through johnny-five with firmata-io over a
 * serialport 13 stream (not johnny-five's own optional serialport 8). Opening, the handshake and
 * every loss are retried with capped backoff; each is a status, never an exception. Lights, buzzer,
 * relay and the I2C thermometer all hang off the one board this link keeps ready.
 */
export class FirmataBoardLink extends EventEmitter<LinkEvents> {
  readonly #port: ReconnectingPort;
  #ready: JohnnyFiveBoard | null = null;
  #firmware: FirmwareInfo | null = null;

  constructor(options: FirmataBoardLinkOptions) {
    super();
    const { path, baudRate } = options;
    const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 10_000;
    this.#port = new ReconnectingPort({
      ...options,
      kind: 'board',
      onStatus: (status) => this.emit('status', status),
      session: (port, control) => {
        const io = new firmataIo.Firmata(port, { reportVersionTimeout: options.reportVersionAfterMs ?? 1000 });
        io.on('error', () => {});
        const board = new five.Board({ io, repl: false, debug: false, sigint: false, timeout: handshakeTimeoutMs });
        // johnny-five reports its own handshake timeout as an error; ours below says more.
        board.on('error', () => {});
        let handshakeTimer: NodeJS.Timeout | null = null;
        let live = true;
        board.once('ready', () => {
          if (!live) return;
          if (handshakeTimer) clearTimeout(handshakeTimer);
          handshakeTimer = null;
          this.#ready = board;
          this.#firmware = { name: io.firmware.name ?? null, version: io.firmware.version ?? null };
          control.connected(`${describeFirmware(this.#firmware)} on ${path}`);
          this.emit('ready', board);
        });
        return {
          opened: () => {
            handshakeTimer = setTimeout(
              () =>
                control.lost(
                  `no Firmata handshake within ${handshakeTimeoutMs} ms on ${path}: is StandardFirmata flashed and the baud rate ${baudRate}?`,
                ),
              handshakeTimeoutMs,
            );
          },
          ended: (reason) => {
            live = false;
            if (handshakeTimer) clearTimeout(handshakeTimer);
            const wasReady = this.#ready === board;
            if (wasReady) this.#ready = null;
            // johnny-five keeps every board it ever made; a gate retrying a missing board every few
            // seconds for weeks would otherwise grow that list without end.
            const cached = five.Board.cache.indexOf(board);
            if (cached >= 0) five.Board.cache.splice(cached, 1);
            if (wasReady && reason !== null) this.emit('lost');
          },
        };
      },
    });
  }

  get status(): DeviceStatus {
    return this.#port.status;
  }

  /** The board while it is connected and has finished the handshake. */
  get board(): JohnnyFiveBoard | null {
    return this.#ready;
  }

  /** The firmware the board named at its last handshake. */
  get firmware(): FirmwareInfo | null {
    return this.#firmware;
  }

  start(): void {
    this.#port.start();
  }

  stop(): Promise<void> {
    return this.#port.stop();
  }
}
