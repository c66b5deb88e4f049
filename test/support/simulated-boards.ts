import { FirmataBoardLink, type FirmataBoardLinkOptions } from '../../hardware/devices/board/firmata-board-link.ts';
import { AvrFirmataBoard } from '../../hardware/sim/avr-board/avr-firmata-board.ts';
import { FirmataBoardEmulator } from '../../hardware/sim/firmata-board-emulator.ts';
import type { SimulatedLink } from '../../hardware/sim/serial-link.ts';
import type { SensorScript, SimulatedBoard } from '../../hardware/sim/simulated-board.ts';

export interface BoardUnderTest {
  name: string;
  /** The firmware's Firmata version as the board reports it. */
  firmware: string;
  open(link: SimulatedLink, sensor?: Partial<SensorScript>): Promise<SimulatedBoard>;
}

export const JS_EMULATOR: BoardUnderTest = {
  name: 'the JS Firmata emulator',
  firmware: 'StandardFirmata.ino 2.5',
  open: async (link, sensor = {}) => {
    const board = new FirmataBoardEmulator(link);
    Object.assign(board.sensor, sensor);
    return board;
  },
};

export const REAL_FIRMWARE: BoardUnderTest = {
  name: 'the real StandardFirmata on an emulated ATmega328P',
  firmware: 'StandardFirmata.ino 2.4',
  open: async (link, sensor = {}) => {
    const board = new AvrFirmataBoard(link, { sensor });
    await board.booted;
    return board;
  },
};

/** The hardware tests hold the gate's drivers to both boards. */
export const BOARDS: readonly BoardUnderTest[] = [JS_EMULATOR, REAL_FIRMWARE];

/**
 * The gate's board link to a simulated board, as the hardware tests set it up: quick to ask for
 * the version and to retry, and patient with the handshake (the firmware board boots slowly on a
 * loaded machine). Not started.
 */
export function boardLinkTo(link: SimulatedLink, options: Partial<FirmataBoardLinkOptions> = {}): FirmataBoardLink {
  return new FirmataBoardLink({
    deviceId: 'board',
    path: link.devicePath,
    baudRate: 57600,
    reportVersionAfterMs: 50,
    handshakeTimeoutMs: 30_000,
    presenceCheckMs: 50,
    backoff: { initialMs: 20, maxMs: 100 },
    ...options,
  });
}
