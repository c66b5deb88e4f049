import type { AVRTWI, CPU, TWIEventHandler } from 'avr8js';

/** A slave on the I2C bus, byte by byte; `true` answers are ACKs. */
export interface TwiDevice {
  answers(address: number): boolean;
  start(repeated: boolean): void;
  stop(): void;
  connect(address: number, write: boolean): boolean;
  write(byte: number): boolean;
  read(masterAcks: boolean): number;
}

/**
 * The wires between the ATmega's TWI unit and its slaves. Each bus event takes the time it takes
 * on the wire at the clock the firmware set (a byte and its ACK are nine SCL periods), so Wire's
 * timing, not an instant answer, is what the firmware sees. An address nobody answers is NACKed.
 */
export class TwiBus implements TWIEventHandler {
  private readonly twi: AVRTWI;
  private readonly cpu: CPU;
  private readonly devices: TwiDevice[];
  private readonly clockHz: number;
  private current: TwiDevice | null = null;

  constructor(cpu: CPU, twi: AVRTWI, clockHz: number, devices: TwiDevice[]) {
    this.clockHz = clockHz;
    this.cpu = cpu;
    this.twi = twi;
    this.devices = devices;
  }

  start(repeated: boolean): void {
    for (const device of this.devices) device.start(repeated);
    this.after(1, () => this.twi.completeStart());
  }

  stop(): void {
    for (const device of this.devices) device.stop();
    this.current = null;
    this.after(1, () => this.twi.completeStop());
  }

  connectToSlave(address: number, write: boolean): void {
    this.current = this.devices.find((device) => device.answers(address)) ?? null;
    const ack = this.current?.connect(address, write) ?? false;
    this.after(9, () => this.twi.completeConnect(ack));
  }

  writeByte(value: number): void {
    const ack = this.current?.write(value) ?? false;
    this.after(9, () => this.twi.completeWrite(ack));
  }

  readByte(ack: boolean): void {
    const value = this.current?.read(ack) ?? 0xff;
    this.after(9, () => this.twi.completeRead(value));
  }

  private after(sclPeriods: number, complete: () => void): void {
    const cycles = Math.round((sclPeriods * this.clockHz) / this.twi.sclFrequency);
    this.cpu.addClockEvent(complete, cycles);
  }
}
