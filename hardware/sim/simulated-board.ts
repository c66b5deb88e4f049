import { EventEmitter } from 'node:events';
import { MLX90614_REGISTERS } from '../devices/thermometer/mlx90614.ts';

/** What the scene in front of the MLX90614, and its wiring, make it answer. */
export interface SensorScript {
  objectC: number;
  ambientC: number;
  /** False: the sensor (or its wiring) stops answering. */
  responding: boolean;
  /** Answer with the sensor's error flag set instead of a temperature. */
  errorFlag: boolean;
  /** Flip the checksum, as noise on long I2C wires does. */
  corruptChecksum: boolean;
  /**
   * The datasheet (MLX90614 rev. 13, 8.4.3.1.1) defines Read Word only with a repeated start
   * between the command and the read, and says nothing of a read after a STOP. Strict (false,
   * the default): a read that does not follow its command within the same transaction is not a
   * transaction the chip supports, and its address is not acknowledged. Lenient (true): the chip
   * answers the last command after a STOP too, as some units in the field are reported to.
   */
  answersAfterStop: boolean;
}

export const DEFAULT_SENSOR_SCRIPT: SensorScript = {
  objectC: 22,
  ambientC: 22,
  responding: true,
  errorFlag: false,
  corruptChecksum: false,
  answersAfterStop: false,
};

export interface PinWrite {
  pin: number;
  value: number;
  kind: 'digital' | 'pwm';
  at: Date;
}

export type BoardEvents = { pin: [PinWrite]; 'i2c-read': [{ address: number; register: number }] };

/**
 * A Firmata board at the far end of a simulated serial link, with an MLX90614 on its I2C bus:
 * either the JS emulator (FirmataBoardEmulator) or the real StandardFirmata on an emulated
 * ATmega328P (AvrFirmataBoard). The kit, the dock and the tests drive either through this.
 */
export interface SimulatedBoard extends EventEmitter<BoardEvents> {
  /** The scene in front of the sensor and its wiring; setting a field changes what it answers. */
  readonly sensor: SensorScript;
  /** A pin's level as last driven (0/1 digital, 0–255 PWM). */
  level(pin: number): number;
  /** How many times the client has read a sensor register. */
  readsOf(register: number): number;
  /** Resolves once the client has read `register` `count` more times. */
  nextReads(register: number, count: number): Promise<void>;
  setTemperatures(objectC: number, ambientC?: number): void;
  /** A power-on reset, as when the USB cable (the board's power) comes back. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * What both boards do alike whatever runs the firmware: count and await the client's reads of
 * the sensor's registers, and set the scene in front of it.
 */
export abstract class SimulatedBoardBase extends EventEmitter<BoardEvents> implements SimulatedBoard {
  abstract readonly sensor: SensorScript;
  readonly #readCounts = new Map<number, number>();

  abstract level(pin: number): number;
  abstract reset(): void;
  abstract close(): Promise<void>;

  readsOf(register: number): number {
    return this.#readCounts.get(register) ?? 0;
  }

  async nextReads(register: number, count: number): Promise<void> {
    const target = this.readsOf(register) + count;
    while (this.readsOf(register) < target) {
      await new Promise<void>((resolve) => this.once('i2c-read', () => resolve()));
    }
  }

  setTemperatures(objectC: number, ambientC?: number): void {
    this.sensor.objectC = objectC;
    if (ambientC !== undefined) this.sensor.ambientC = ambientC;
  }

  /** The client selected one of the sensor's registers. */
  protected sensorRead(address: number, register: number): void {
    this.#readCounts.set(register, this.readsOf(register) + 1);
    this.emit('i2c-read', { address, register });
  }
}

/** The temperature a sensor register holds for the scene; null for a register the gate never reads. */
export function registerCelsius(script: SensorScript, register: number): number | null {
  if (register === MLX90614_REGISTERS.object) return script.objectC;
  if (register === MLX90614_REGISTERS.ambient) return script.ambientC;
  return null;
}
