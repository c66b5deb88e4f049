/**
 * The parts of johnny-five 2.1 and firmata-io 2.3 the gate uses; neither package ships types.
 */

declare module 'firmata-io' {
  import type { EventEmitter } from 'node:events';

  interface FirmataOptions {
    /** Ask for the version ourselves when the board has not announced it within this time. */
    reportVersionTimeout?: number;
    samplingInterval?: number;
  }

  interface I2cConfigOptions {
    delay?: number;
    address?: number;
    settings?: { stopTX?: boolean };
  }

  export interface FirmataIo extends EventEmitter {
    readonly isReady: boolean;
    readonly firmware: { name?: string; version?: { major: number; minor: number } };
    readonly MODES: { OUTPUT: number };
    pinMode(pin: number, mode: number): void;
    i2cConfig(options: I2cConfigOptions): this;
    i2cReadOnce(address: number, register: number, bytesToRead: number, callback: (bytes: number[]) => void): this;
    /** Continuous reads, every sampling interval, until i2cStop. */
    i2cRead(address: number, register: number, bytesToRead: number, callback: (bytes: number[]) => void): this;
    i2cStop(address: number): this;
    digitalWrite(pin: number, value: 0 | 1): this;
  }

  type FirmataConstructor = new (transport: object, options?: FirmataOptions) => FirmataIo;

  /** The Firmata class without a default transport: the gate always hands it an open-able port instance. */
  const firmataIo: { Firmata: FirmataConstructor };
  export default firmataIo;
}

declare module 'johnny-five' {
  import type { EventEmitter } from 'node:events';
  import type { FirmataIo } from 'firmata-io';

  interface BoardOptions {
    io: FirmataIo;
    repl: false;
    debug: false;
    sigint: false;
    timeout?: number;
  }

  class Board extends EventEmitter {
    /** Every board ever constructed, kept by johnny-five for components created without one. */
    static readonly cache: Board[];
    constructor(options: BoardOptions);
    readonly isReady: boolean;
    readonly io: FirmataIo;
  }

  interface ComponentOptions {
    pin: number;
    board: Board;
  }

  class Led {
    constructor(options: ComponentOptions);
    on(): this;
    off(): this;
    stop(): this;
  }

  class Pin {
    constructor(options: ComponentOptions & { type?: 'digital' | 'analog' });
    high(): this;
    low(): this;
  }

  class Relay {
    constructor(options: ComponentOptions & { type?: 'NO' | 'NC' });
    /** Energises the coil (closes a normally-open contact). */
    close(): this;
    open(): this;
  }

  const five: { Board: typeof Board; Led: typeof Led; Pin: typeof Pin; Relay: typeof Relay };
  export default five;
  export type { Board, Led, Pin, Relay };
}
