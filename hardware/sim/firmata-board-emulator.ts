import { encodeRegisterRead, MLX90614_ADDRESS, rawFromCelsius } from '../devices/thermometer/mlx90614.ts';
import type { SimulatedLink } from './serial-link.ts';
import {
  DEFAULT_SENSOR_SCRIPT,
  registerCelsius,
  SimulatedBoardBase,
  type PinWrite,
  type SensorScript,
} from './simulated-board.ts';

/**
 * An Arduino Uno running StandardFirmata 2.5 with an MLX90614 on its I2C bus, written in JS from
 * the Firmata protocol: it answers the client's handshake (version, firmware name, capabilities,
 * analog mapping), carries out pin modes and writes (and records them), and answers I2C reads of
 * the sensor from scriptable temperatures. It costs no CPU while idle, so the demo runs it; the
 * real firmware on an emulated chip (avr-board/) is what the tests also hold the drivers to.
 */

const REPORT_VERSION = 0xf9;
const START_SYSEX = 0xf0;
const END_SYSEX = 0xf7;
const DIGITAL_MESSAGE = 0x90;
const ANALOG_MESSAGE = 0xe0;
const SET_PIN_MODE = 0xf4;
const SET_DIGITAL_PIN_VALUE = 0xf5;
const REPORT_ANALOG = 0xc0;
const REPORT_DIGITAL = 0xd0;
const SYSTEM_RESET = 0xff;
const QUERY_FIRMWARE = 0x79;
const CAPABILITY_QUERY = 0x6b;
const CAPABILITY_RESPONSE = 0x6c;
const ANALOG_MAPPING_QUERY = 0x69;
const ANALOG_MAPPING_RESPONSE = 0x6a;
const EXTENDED_ANALOG = 0x6f;
const I2C_REQUEST = 0x76;
const I2C_REPLY = 0x77;
const I2C_CONFIG = 0x78;
const SAMPLING_INTERVAL = 0x7a;
const STRING_DATA = 0x71;

const MODE = { input: 0, output: 1, analog: 2, pwm: 3, servo: 4, i2c: 6, pullup: 11 } as const;
const PIN_COUNT = 20;
const PWM_PINS = new Set([3, 5, 6, 9, 10, 11]);
const FIRST_ANALOG_PIN = 14;
/** A4 and A5 are SDA and SCL on the Uno. */
const I2C_PINS = new Set([18, 19]);
const FIRMWARE = { major: 2, minor: 5, name: 'StandardFirmata.ino' };

export interface FirmataBoardEmulatorOptions {
  now?: () => Date;
  /** Only a real board's writes are kept; a long demo would otherwise grow without end. */
  keepWrites?: number;
}

export class FirmataBoardEmulator extends SimulatedBoardBase {
  readonly sensor: SensorScript = { ...DEFAULT_SENSOR_SCRIPT };
  readonly writes: PinWrite[] = [];
  private readonly link: SimulatedLink;
  private readonly now: () => Date;
  private readonly keepWrites: number;
  private readonly levels = new Array<number>(PIN_COUNT).fill(0);
  private readonly modes = startupModes();
  private i2cEnabled = false;
  private command: number[] = [];
  private sysex: number[] | null = null;

  constructor(link: SimulatedLink, options: FirmataBoardEmulatorOptions = {}) {
    super();
    this.link = link;
    this.now = options.now ?? (() => new Date());
    this.keepWrites = options.keepWrites ?? 1000;
    link.onData((bytes) => {
      for (const byte of bytes) this.receive(byte);
    });
  }

  /** A pin's level as last written (0/1 digital, 0–255 PWM). */
  level(pin: number): number {
    return this.levels[pin] ?? 0;
  }

  mode(pin: number): number | null {
    return this.modes[pin] ?? null;
  }

  async close(): Promise<void> {}

  /** A power-on reset: the board forgets pin modes, levels and its I2C setup. */
  reset(): void {
    this.levels.fill(0);
    this.modes.splice(0, PIN_COUNT, ...startupModes());
    this.i2cEnabled = false;
    this.command = [];
    this.sysex = null;
  }

  private receive(byte: number): void {
    if (this.sysex) {
      if (byte === END_SYSEX) {
        const message = this.sysex;
        this.sysex = null;
        this.handleSysex(message);
      } else this.sysex.push(byte);
      return;
    }
    if (byte === START_SYSEX) {
      this.sysex = [];
      this.command = [];
      return;
    }
    if (byte & 0x80) this.command = [byte];
    else if (this.command.length > 0) this.command.push(byte);
    else return;
    const head = this.command[0]!;
    if (this.command.length === 1 + dataLength(head)) {
      const message = this.command;
      this.command = [];
      this.handleCommand(message);
    }
  }

  private handleCommand([head, first = 0, second = 0]: number[]): void {
    const kind = head! < 0xf0 ? head! & 0xf0 : head!;
    switch (kind) {
      case REPORT_VERSION:
        return this.send([REPORT_VERSION, FIRMWARE.major, FIRMWARE.minor]);
      case SYSTEM_RESET:
        return this.reset();
      case SET_PIN_MODE:
        if (first < PIN_COUNT) this.modes[first] = second;
        return;
      case DIGITAL_MESSAGE: {
        const port = head! & 0x0f;
        const bits = first | (second << 7);
        for (let bit = 0; bit < 8; bit++) {
          const pin = port * 8 + bit;
          if (pin < PIN_COUNT && this.modes[pin] === MODE.output) this.record(pin, (bits >> bit) & 1, 'digital');
        }
        return;
      }
      case SET_DIGITAL_PIN_VALUE:
        if (first < PIN_COUNT) this.record(first, second ? 1 : 0, 'digital');
        return;
      case ANALOG_MESSAGE:
        return this.record(head! & 0x0f, first | (second << 7), 'pwm');
    }
  }

  private handleSysex([command, ...data]: number[]): void {
    switch (command) {
      case QUERY_FIRMWARE:
        return this.send([
          START_SYSEX,
          QUERY_FIRMWARE,
          FIRMWARE.major,
          FIRMWARE.minor,
          ...sevenBit([...Buffer.from(FIRMWARE.name, 'ascii')]),
          END_SYSEX,
        ]);
      case CAPABILITY_QUERY:
        return this.send([START_SYSEX, CAPABILITY_RESPONSE, ...capabilities(), END_SYSEX]);
      case ANALOG_MAPPING_QUERY:
        return this.send([
          START_SYSEX,
          ANALOG_MAPPING_RESPONSE,
          ...Array.from({ length: PIN_COUNT }, (_, pin) => (pin >= FIRST_ANALOG_PIN ? pin - FIRST_ANALOG_PIN : 0x7f)),
          END_SYSEX,
        ]);
      case I2C_CONFIG:
        this.i2cEnabled = true;
        for (const pin of I2C_PINS) this.modes[pin] = MODE.i2c;
        return;
      case I2C_REQUEST:
        return this.i2cRequest(data);
      case EXTENDED_ANALOG:
        if (data.length >= 3)
          this.record(
            data[0]!,
            data.slice(1).reduce((value, part, index) => value | (part << (7 * index)), 0),
            'pwm',
          );
        return;
      case SAMPLING_INTERVAL:
      case REPORT_ANALOG:
      case REPORT_DIGITAL:
        return;
    }
  }

  private i2cRequest(data: number[]): void {
    if (!this.i2cEnabled || data.length < 2) return;
    const address = data[0]! | ((data[1]! & 0x07) << 7);
    const mode = (data[1]! >> 3) & 0x03;
    // Only one-shot reads with a register (what the driver uses): [register, length] as 7-bit pairs.
    if (mode !== 1 || data.length < 6) return;
    const register = data[2]! | (data[3]! << 7);
    const length = data[4]! | (data[5]! << 7);
    // Firmata 2.5's restart bit: a repeated start instead of a STOP after the register byte.
    const restart = (data[1]! & 0x40) !== 0;
    this.sensorRead(address, register);
    if (address !== MLX90614_ADDRESS || !this.sensor.responding) return;
    const answer = this.registerBytes(register);
    if (!answer) return;
    // The chip answers a read after a STOP only when lenient (see SensorScript); StandardFirmata
    // then reports the shortfall and replies with the bytes it did not receive, as zeros.
    if (!restart && !this.sensor.answersAfterStop) {
      this.send([START_SYSEX, STRING_DATA, ...sevenBit([...Buffer.from('I2C: Too few bytes received', 'ascii')]), END_SYSEX]);
      answer.fill(0);
    }
    const bytes = answer.slice(0, length);
    this.send([
      START_SYSEX,
      I2C_REPLY,
      address & 0x7f,
      address >> 7,
      register & 0x7f,
      register >> 7,
      ...sevenBit(bytes),
      END_SYSEX,
    ]);
  }

  private registerBytes(register: number): number[] | null {
    const celsius = registerCelsius(this.sensor, register);
    if (celsius === null) return null;
    const raw = this.sensor.errorFlag ? 0x8000 | 0x7fff : rawFromCelsius(celsius) & 0x7fff;
    const [low, high, pec] = encodeRegisterRead(MLX90614_ADDRESS, register, raw);
    return [low, high, this.sensor.corruptChecksum ? pec ^ 0xff : pec];
  }

  private record(pin: number, value: number, kind: PinWrite['kind']): void {
    if (pin >= PIN_COUNT) return;
    const changed = this.levels[pin] !== value;
    this.levels[pin] = value;
    if (!changed) return;
    const write: PinWrite = { pin, value, kind, at: this.now() };
    this.writes.push(write);
    if (this.writes.length > this.keepWrites) this.writes.splice(0, this.writes.length - this.keepWrites);
    this.emit('pin', write);
  }

  private send(bytes: number[]): void {
    this.link.write(Uint8Array.from(bytes)).catch(() => {
      // An unplugged board answers nothing; the client notices the missing answer.
    });
  }
}

/** StandardFirmata's reset makes digital pins outputs and analog pins analog inputs. */
function startupModes(): (number | null)[] {
  return Array.from({ length: PIN_COUNT }, (_, pin) => (pin < 2 ? null : pin < FIRST_ANALOG_PIN ? MODE.output : MODE.analog));
}

function dataLength(head: number): number {
  if (head === REPORT_VERSION || head === SYSTEM_RESET) return 0;
  const kind = head < 0xf0 ? head & 0xf0 : head;
  if (kind === REPORT_ANALOG || kind === REPORT_DIGITAL) return 1;
  return 2;
}

/** Firmata carries 8-bit data as pairs of 7-bit bytes, low bits first. */
function sevenBit(bytes: number[]): number[] {
  return bytes.flatMap((byte) => [byte & 0x7f, (byte >> 7) & 0x01]);
}

function capabilities(): number[] {
  const out: number[] = [];
  for (let pin = 0; pin < PIN_COUNT; pin++) {
    // Pins 0 and 1 carry the serial link to the gate service itself.
    if (pin >= 2) {
      out.push(MODE.input, 1, MODE.output, 1, MODE.pullup, 1);
      if (PWM_PINS.has(pin)) out.push(MODE.pwm, 8);
      if (pin < FIRST_ANALOG_PIN) out.push(MODE.servo, 14);
      else out.push(MODE.analog, 10);
      if (I2C_PINS.has(pin)) out.push(MODE.i2c, 1);
    }
    out.push(0x7f);
  }
  return out;
}
