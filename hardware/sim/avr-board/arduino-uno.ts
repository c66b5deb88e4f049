import {
  AVRIOPort,
  AVRTimer,
  AVRTWI,
  AVRUSART,
  avrInstruction,
  CPU,
  PinState,
  portBConfig,
  portCConfig,
  portDConfig,
  timer0Config,
  timer1Config,
  timer2Config,
  twiConfig,
  usart0Config,
} from 'avr8js';
import { TwiBus, type TwiDevice } from './twi-bus.ts';

export const UNO_CLOCK_HZ = 16_000_000;
const FLASH_BYTES = 32 * 1024;
/** Arduino pin numbers: D0–D7 on port D, D8–D13 on port B, A0–A5 (14–19) on port C. */
export const UNO_PINS = 20;

/**
 * An Arduino Uno: an ATmega328P (avr8js) at 16 MHz with its timers, USART, TWI and ports, running
 * a firmware image. Bytes from the host reach the USART at the line rate of the baud rate the
 * firmware set, as a UART delivers them; a byte arriving while the receiver is disabled is lost.
 */
export class ArduinoUno {
  readonly cpu: CPU;
  private readonly usart: AVRUSART;
  private readonly ports: AVRIOPort[];
  private readonly incoming: number[] = [];

  /** `onPin`: every change of a pin's driven level (null: not driven, an input), in the chip's order. */
  constructor(
    flash: Uint8Array,
    devices: TwiDevice[],
    onTransmit: (byte: number) => void,
    onPin: (pin: number, level: 0 | 1 | null) => void,
  ) {
    if (flash.length !== FLASH_BYTES)
      throw new TypeError(`an ATmega328P holds ${FLASH_BYTES} bytes of flash, got ${flash.length}`);
    this.cpu = new CPU(new Uint16Array(flash.buffer, flash.byteOffset, FLASH_BYTES / 2));
    for (const config of [timer0Config, timer1Config, timer2Config]) new AVRTimer(this.cpu, config);
    this.usart = new AVRUSART(this.cpu, usart0Config, UNO_CLOCK_HZ);
    this.usart.onByteTransmit = onTransmit;
    this.usart.onRxComplete = () => this.feed();
    const twi = new AVRTWI(this.cpu, twiConfig, UNO_CLOCK_HZ);
    twi.eventHandler = new TwiBus(this.cpu, twi, UNO_CLOCK_HZ, devices);
    this.ports = [
      new AVRIOPort(this.cpu, portDConfig),
      new AVRIOPort(this.cpu, portBConfig),
      new AVRIOPort(this.cpu, portCConfig),
    ];
    // Every change is reported, so a pulse shorter than the gate's look at the board is still seen.
    const levels = Array.from({ length: UNO_PINS }, (_, pin) => this.level(pin));
    for (const port of this.ports) {
      port.addListener(() => {
        for (let pin = 0; pin < UNO_PINS; pin++) {
          const level = this.level(pin);
          if (level === levels[pin]) continue;
          levels[pin] = level;
          onPin(pin, level);
        }
      });
    }
  }

  /** Seconds of chip time since power-on. */
  get seconds(): number {
    return this.cpu.cycles / UNO_CLOCK_HZ;
  }

  receive(bytes: Iterable<number>): void {
    for (const byte of bytes) this.incoming.push(byte);
    this.feed();
  }

  /** Runs until the chip's clock reaches `cycles`. */
  runUntil(cycles: number): void {
    const { cpu } = this;
    while (cpu.cycles < cycles) {
      avrInstruction(cpu);
      cpu.tick();
    }
  }

  /** 1 or 0 for a pin driven as an output, null for an input. */
  level(pin: number): 0 | 1 | null {
    const [port, bit] = pin < 8 ? [0, pin] : pin < 14 ? [1, pin - 8] : [2, pin - 14];
    const state = this.ports[port]!.pinState(bit);
    return state === PinState.High ? 1 : state === PinState.Low ? 0 : null;
  }

  private feed(): void {
    // The receiver holds one byte in flight; the next goes on the wire when it lands.
    while (this.incoming.length > 0 && !this.usart.rxBusy) {
      const byte = this.incoming.shift()!;
      if (!this.usart.rxEnable) continue;
      this.usart.writeByte(byte);
    }
  }
}
