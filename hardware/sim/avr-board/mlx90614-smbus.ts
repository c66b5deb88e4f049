import { MLX90614_ADDRESS, rawFromCelsius, smbusPec } from '../../devices/thermometer/mlx90614.ts';
import { DEFAULT_SENSOR_SCRIPT, registerCelsius, type SensorScript } from '../simulated-board.ts';
import type { TwiDevice } from './twi-bus.ts';

/** RAM commands are 000x xxxx, EEPROM 001x xxxx; 0xF0 reads flags, 0xFF sleeps. */
const RAM_OR_EEPROM = 0x40;
const READ_FLAGS = 0xf0;
const SLEEP = 0xff;

/**
 * The MLX90614 as an SMBus slave, byte by byte, as the datasheet's section 8.4 describes it: it
 * answers its own address and the general address 0x00, supports Read Word (S, SA+W, command,
 * Sr, SA+R, low, high, PEC, P) and Write Word, and computes the PEC (CRC-8) over every byte of
 * the transaction including the address bytes.
 */
export class Mlx90614Smbus implements TwiDevice {
  readonly script: SensorScript;
  private readonly address: number;
  private readonly onRead: (register: number) => void;
  /** The command written in the current transaction, kept across a repeated start. */
  private command: number | null = null;
  /** The command of the last transaction that ended with a STOP (only the lenient chip uses it). */
  private commandBeforeStop: number | null = null;
  private writeAddress = MLX90614_ADDRESS;
  private answer: number[] = [];
  private writing = false;
  private bytesWritten = 0;

  constructor(script: Partial<SensorScript> = {}, onRead: (register: number) => void = () => {}, address = MLX90614_ADDRESS) {
    this.script = { ...DEFAULT_SENSOR_SCRIPT, ...script };
    this.address = address;
    this.onRead = onRead;
  }

  answers(address: number): boolean {
    return address === this.address || address === 0x00;
  }

  start(repeated: boolean): void {
    if (!repeated) this.command = null;
    this.answer = [];
    this.writing = false;
  }

  stop(): void {
    this.commandBeforeStop = this.command;
    this.command = null;
    this.answer = [];
    this.writing = false;
  }

  connect(address: number, write: boolean): boolean {
    if (!this.script.responding) return false;
    if (write) {
      this.writing = true;
      this.bytesWritten = 0;
      this.writeAddress = address;
      return true;
    }
    const command = this.command ?? (this.script.answersAfterStop ? this.commandBeforeStop : null);
    if (command === null) return false;
    this.answer = this.readWord(address, command);
    return true;
  }

  write(byte: number): boolean {
    if (!this.script.responding || !this.writing) return false;
    this.bytesWritten += 1;
    if (this.bytesWritten === 1) {
      if (byte >= RAM_OR_EEPROM && byte !== READ_FLAGS && byte !== SLEEP) return false;
      this.command = byte;
      // Counted when the master selects the register, whether or not the read that follows is answered.
      this.onRead(byte);
      return true;
    }
    // Write Word's data and PEC: accepted, and EEPROM writes are not modelled.
    return this.bytesWritten <= 4;
  }

  read(): number {
    if (!this.script.responding) return 0xff;
    return this.answer.shift() ?? 0xff;
  }

  private readWord(readAddress: number, command: number): number[] {
    const celsius = registerCelsius(this.script, command);
    const raw = celsius === null ? 0 : this.script.errorFlag ? 0xffff : rawFromCelsius(celsius) & 0x7fff;
    const low = raw & 0xff;
    const high = raw >> 8;
    // The PEC covers every address byte the master sent, the general address 0x00 included.
    const pec = smbusPec([this.writeAddress << 1, command, (readAddress << 1) | 1, low, high]);
    return [low, high, this.script.corruptChecksum ? pec ^ 0xff : pec];
  }
}
