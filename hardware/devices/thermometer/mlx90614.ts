/**
 * The Melexis MLX90614 infrared thermometer as seen over SMBus: RAM registers hold temperatures
 * in units of 0.02 K, read as two bytes (low first) and a PEC byte (CRC-8 over the whole
 * transaction), per the datasheet (MLX90614 rev. 13, sections 8.3.3 and 8.4.3).
 */

export const MLX90614_ADDRESS = 0x5a;
export const MLX90614_REGISTERS = { ambient: 0x06, object: 0x07 } as const;

const KELVIN_OFFSET = 273.15;
const KELVIN_PER_LSB = 0.02;
/** Bit 15 set is the sensor's own error flag: the value is not a temperature. */
const ERROR_FLAG = 0x8000;

export function rawFromCelsius(celsius: number): number {
  return Math.round((celsius + KELVIN_OFFSET) / KELVIN_PER_LSB);
}

/** SMBus packet error code: CRC-8, polynomial x^8 + x^2 + x + 1, initial value 0. */
export function smbusPec(bytes: readonly number[]): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte & 0xff;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

/** The three bytes the sensor answers a register read with. */
export function encodeRegisterRead(address: number, register: number, raw: number): [number, number, number] {
  const low = raw & 0xff;
  const high = (raw >> 8) & 0xff;
  return [low, high, smbusPec([address << 1, register, (address << 1) | 1, low, high])];
}

export type RegisterDecode = { ok: true; celsius: number } | { ok: false; reason: string };

export function decodeRegisterRead(address: number, register: number, bytes: readonly number[]): RegisterDecode {
  if (bytes.length < 3)
    return { ok: false, reason: `expected 3 bytes from register 0x0${register.toString(16)}, got ${bytes.length}` };
  const [low, high, pec] = bytes as [number, number, number];
  if (smbusPec([address << 1, register, (address << 1) | 1, low, high]) !== pec) {
    return { ok: false, reason: `checksum (PEC) mismatch reading register 0x0${register.toString(16)}: noise on the I2C wires?` };
  }
  const raw = low | (high << 8);
  if (raw & ERROR_FLAG) return { ok: false, reason: `sensor set its error flag in register 0x0${register.toString(16)}` };
  return { ok: true, celsius: Math.round((raw * KELVIN_PER_LSB - KELVIN_OFFSET) * 100) / 100 };
}
