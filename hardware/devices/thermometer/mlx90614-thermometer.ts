import { EventEmitter } from 'node:events';
import type { DeviceStatus } from '../../../protocol/hardware-events.ts';
import type { FirmataBoardLink, JohnnyFiveBoard } from '../board/firmata-board-link.ts';
import { sendsI2cRestart, tooOldForMlx90614 } from '../board/firmata-firmware.ts';
import { decodeRegisterRead, MLX90614_REGISTERS } from './mlx90614.ts';
import { DEFAULT_PRESENCE, PresenceWindow, type PresenceOptions, type Sample } from './presence-window.ts';
import type { GunReading } from './thermometer-gun-parser.ts';

export interface Mlx90614Options {
  deviceId: string;
  board: FirmataBoardLink;
  address: number;
  /** Time between the end of one sample and the start of the next. */
  sampleMs: number;
  /** A register read unanswered this long means the sensor (or its wiring) is gone. */
  answerTimeoutMs: number;
  presence: PresenceOptions;
  /** Values outside this range are a sensor fault at a gate (a stuck −40 or 80), never a person. */
  plausibleC: { min: number; max: number };
  now?: () => Date;
}

export const DEFAULT_MLX90614 = {
  address: 0x5a,
  sampleMs: 100,
  answerTimeoutMs: 1000,
  presence: DEFAULT_PRESENCE,
  plausibleC: { min: -35, max: 60 },
} as const;

type Events = { status: [DeviceStatus]; data: [GunReading] };

/**
 * An MLX90614 on the Firmata board's I2C bus, read through johnny-five's io. It samples all the
 * time and emits one reading per person (see PresenceWindow); every fault (no answer, checksum,
 * error flag, an implausible value, the board gone) is a status and clears the window, so samples
 * from before a fault are never joined to samples after it.
 */
export class Mlx90614Thermometer extends EventEmitter<Events> {
  private readonly options: Mlx90614Options;
  private readonly window: PresenceWindow;
  private readonly now: () => Date;
  private readonly onReady = (board: JohnnyFiveBoard) => this.begin(board);
  private readonly onLost = () => this.halt('the signal board it hangs off is not connected');
  private readonly onBoardStatus = (status: DeviceStatus) => {
    if (status.state !== 'connected') this.setStatus('reconnecting', `board not connected: ${status.reason ?? status.state}`);
  };
  private generation = 0;
  private sampleTimer: NodeJS.Timeout | null = null;
  /** Ends the pause between samples at once, so a halted loop finishes instead of hanging. */
  private wake: (() => void) | null = null;
  private current: DeviceStatus;
  private latest: Sample | null = null;

  constructor(options: Mlx90614Options) {
    super();
    this.options = options;
    this.window = new PresenceWindow(options.presence);
    this.now = options.now ?? (() => new Date());
    this.current = this.statusOf('reconnecting', 'waiting for the signal board');
  }

  get status(): DeviceStatus {
    return this.current;
  }

  /** The latest good sample, whoever (or nothing) was in front of the sensor: for `npm run doctor`. */
  get lastSample(): Sample | null {
    return this.latest;
  }

  /** The board link is started by its owner; the thermometer follows it. */
  start(): void {
    this.options.board.on('ready', this.onReady).on('lost', this.onLost).on('status', this.onBoardStatus);
    const board = this.options.board.board;
    if (board) this.begin(board);
  }

  async stop(): Promise<void> {
    this.options.board.off('ready', this.onReady).off('lost', this.onLost).off('status', this.onBoardStatus);
    this.halt(null);
  }

  private begin(board: JohnnyFiveBoard): void {
    this.halt(null);
    const generation = this.generation;
    // The MLX90614 needs a repeated start between the register byte and the read (no stop).
    board.io.i2cConfig({ address: this.options.address, settings: { stopTX: false } });
    this.setStatus('reconnecting', `board connected; waiting for the MLX90614 at 0x${this.options.address.toString(16)}`);
    const firmware = this.options.board.firmware;
    const tooOld = firmware && sendsI2cRestart(firmware) === false ? tooOldForMlx90614(firmware) : null;
    void this.loop(board, generation, tooOld);
  }

  /** Each loop belongs to one board connection; a newer connection (or stop) ends it. */
  /** `tooOld`: why the board's firmware cannot read this sensor as its datasheet asks, if it cannot. */
  private async loop(board: JohnnyFiveBoard, generation: number, tooOld: string | null): Promise<void> {
    while (generation === this.generation) {
      const sample = await this.sample(board);
      if (generation !== this.generation) return;
      if (sample.ok) {
        this.latest = { objectC: sample.objectC, ambientC: sample.ambientC };
        // A chip that answers after a STOP works on old firmware; the guard's screen still says why it might not.
        this.setStatus('connected', tooOld ? `answering, although ${tooOld}` : null);
        const reading = this.window.push(sample);
        if (reading) this.emit('data', { ok: true, objectC: reading.objectC, ambientC: reading.ambientC });
      } else {
        this.window.clear();
        this.latest = null;
        this.setStatus('failed', tooOld ? `${tooOld} (${sample.reason})` : sample.reason);
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.sampleTimer = setTimeout(resolve, this.options.sampleMs);
      });
    }
  }

  private async sample(
    board: JohnnyFiveBoard,
  ): Promise<{ ok: true; objectC: number; ambientC: number } | { ok: false; reason: string }> {
    const object = await this.read(board, MLX90614_REGISTERS.object);
    if (!object.ok) return object;
    const ambient = await this.read(board, MLX90614_REGISTERS.ambient);
    if (!ambient.ok) return ambient;
    const { min, max } = this.options.plausibleC;
    for (const [what, value] of [
      ['object', object.celsius],
      ['ambient', ambient.celsius],
    ] as const) {
      if (!(value >= min && value <= max))
        return {
          ok: false,
          reason: `${what} temperature ${Math.round(value)} °C is outside the plausible ${min}…${max} °C: sensor fault?`,
        };
    }
    return { ok: true, objectC: object.celsius, ambientC: ambient.celsius };
  }

  private read(board: JohnnyFiveBoard, register: number): Promise<{ ok: true; celsius: number } | { ok: false; reason: string }> {
    const { address, answerTimeoutMs } = this.options;
    const where = `the MLX90614 at 0x${address.toString(16)}`;
    return new Promise((resolve) => {
      const event = `I2C-reply-${address}-${register}`;
      let answered = false;
      const settle = (result: { ok: true; celsius: number } | { ok: false; reason: string }) => {
        if (answered) return;
        answered = true;
        clearTimeout(timer);
        // firmata-io keeps a once-listener per read; an unanswered one must not pile up.
        board.io.off(event, listener);
        board.io.off('string', onString);
        resolve(result);
      };
      const listener = (bytes: number[]) => settle(decodeRegisterRead(address, register, bytes));
      // StandardFirmata says so when the sensor did not acknowledge, then replies anyway with the
      // bytes it did not receive (stale or zero): that reply must not be read as a checksum fault.
      const onString = (text: string) => {
        if (/I2C: Too few bytes received/.test(text))
          settle({ ok: false, reason: `no answer from ${where} (the board received too few bytes): wiring on SDA/SCL?` });
      };
      const timer = setTimeout(() => {
        // After a stalled event loop the timer and the answer are due together, and timers run
        // first: let pending input be read before calling the sensor silent.
        setImmediate(() =>
          settle({ ok: false, reason: `no answer from ${where} within ${answerTimeoutMs} ms (wiring on SDA/SCL?)` }),
        );
      }, answerTimeoutMs);
      board.io.on('string', onString);
      board.io.i2cReadOnce(address, register, 3, listener);
    });
  }

  private halt(reason: string | null): void {
    this.generation += 1;
    if (this.sampleTimer) clearTimeout(this.sampleTimer);
    this.sampleTimer = null;
    this.wake?.();
    this.wake = null;
    this.window.clear();
    if (reason !== null) this.setStatus('reconnecting', reason);
  }

  private setStatus(state: DeviceStatus['state'], reason: string | null): void {
    if (state === this.current.state && reason === this.current.reason) return;
    this.current = this.statusOf(state, reason);
    this.emit('status', this.current);
  }

  private statusOf(state: DeviceStatus['state'], reason: string | null): DeviceStatus {
    return {
      type: 'device-status',
      deviceId: this.options.deviceId,
      device: 'thermometer',
      at: this.now().toISOString(),
      state,
      reason: reason === null ? null : reason.slice(0, 300),
    };
  }
}
