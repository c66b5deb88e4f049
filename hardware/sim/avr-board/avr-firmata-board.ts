import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SimulatedLink } from '../serial-link.ts';
import { DEFAULT_SENSOR_SCRIPT, SimulatedBoardBase, type PinWrite, type SensorScript } from '../simulated-board.ts';
import { MLX90614_ADDRESS } from '../../devices/thermometer/mlx90614.ts';
import type { FromBoard, ToBoard } from './board-messages.ts';

/** The real StandardFirmata for the Uno, as avrgirl-arduino ships it compiled (it reports Firmata 2.4). */
export function standardFirmataHexPath(): string {
  return createRequire(import.meta.url).resolve('avrgirl-arduino/junk/hex/uno/StandardFirmata.cpp.hex');
}

export interface ClockReport {
  /** Chip seconds per wall second over the last second: 1 is real time. */
  realTimeFactor: number;
  /** How fast this machine emulates the chip while busy, in MHz (a real Uno runs at 16). */
  capacityMHz: number;
  /** How far the chip's clock trails the wall clock. */
  lagMs: number;
}

export interface AvrFirmataBoardOptions {
  hexPath?: string;
  sensor?: Partial<SensorScript>;
  now?: () => Date;
}

/**
 * An Arduino Uno running the real StandardFirmata firmware on an emulated ATmega328P (avr8js, in
 * a thread of its own), joined to a simulated serial link, with an MLX90614 on its I2C bus. The
 * gate's drivers talk to the firmware itself; the lights, buzzer and relay are read from the
 * chip's port registers.
 */
export class AvrFirmataBoard extends SimulatedBoardBase {
  readonly sensor: SensorScript;
  private readonly worker: Worker;
  private readonly now: () => Date;
  private readonly levels: (0 | 1 | null)[] = [];
  private latestClock: ClockReport | null = null;
  private closed = false;
  private markBooted: () => void = () => {};
  /**
   * Resolves when the firmware has sent its first byte (StandardFirmata announces its version at
   * start-up). The emulator needs a few seconds of warm-up on a busy machine before it keeps up
   * with a real chip, as a real board takes its bootloader's second or two.
   */
  readonly booted = new Promise<void>((resolve) => (this.markBooted = resolve));

  constructor(link: SimulatedLink, options: AvrFirmataBoardOptions = {}) {
    super();
    this.now = options.now ?? (() => new Date());
    const script: SensorScript = { ...DEFAULT_SENSOR_SCRIPT, ...options.sensor };
    // The scene lives in the board's thread; a property set here is sent there, so tests and the
    // dock change it as they would the JS emulator's.
    this.sensor = new Proxy(script, {
      set: (target, key, value) => {
        Reflect.set(target, key, value);
        this.send({ type: 'sensor', script: { [key]: value } });
        return true;
      },
    });
    const workerData = { hexPath: options.hexPath ?? standardFirmataHexPath(), sensor: script };
    // The built service runs the compiled worker; a source run (tests, tsx) loads it through tsx.
    this.worker = import.meta.url.endsWith('.js')
      ? new Worker(new URL('./board-worker.js', import.meta.url), { workerData })
      : new Worker(
          `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(new URL('./board-worker.ts', import.meta.url).href)}, ${JSON.stringify(import.meta.url)}))`,
          { eval: true, workerData },
        );
    this.worker.on('message', (message: FromBoard) => this.hear(message, link));
    this.worker.unref();
    link.onData((bytes) => this.send({ type: 'receive', bytes: Uint8Array.from(bytes) }));
  }

  /** The emulated clock over the last second, once the first second has passed. */
  get clock(): ClockReport | null {
    return this.latestClock;
  }

  level(pin: number): number {
    return this.levels[pin] ?? 0;
  }

  reset(): void {
    this.send({ type: 'power-cycle' });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
  }

  private send(message: ToBoard): void {
    if (!this.closed) this.worker.postMessage(message);
  }

  private hear(message: FromBoard, link: SimulatedLink): void {
    switch (message.type) {
      case 'transmit':
        this.markBooted();
        link.write(message.bytes).catch(() => {
          // An unplugged board's bytes go nowhere; the gate notices the silence.
        });
        return;
      case 'pins':
        for (const [pin, level] of message.changes) {
          const value = level ?? 0;
          if ((this.levels[pin] ?? 0) === value) continue;
          this.levels[pin] = value;
          const write: PinWrite = { pin, value, kind: 'digital', at: this.now() };
          this.emit('pin', write);
        }
        return;
      case 'i2c-read':
        this.sensorRead(MLX90614_ADDRESS, message.register);
        return;
      case 'clock':
        this.latestClock = { realTimeFactor: message.realTimeFactor, capacityMHz: message.capacityMHz, lagMs: message.lagMs };
        return;
    }
  }
}
