import type { SensorScript } from '../simulated-board.ts';

/** From the gate's side to the emulated board. */
export type ToBoard =
  | { type: 'receive'; bytes: Uint8Array }
  | { type: 'sensor'; script: Partial<SensorScript> }
  /** Power off and on again: the firmware starts from its reset vector, RAM and pins cleared. */
  | { type: 'power-cycle' };

/** From the emulated board. */
export type FromBoard =
  | { type: 'transmit'; bytes: Uint8Array }
  /** Pin level changes in the chip's order (null: no longer driven). */
  | { type: 'pins'; changes: [number, 0 | 1 | null][] }
  | { type: 'i2c-read'; register: number }
  /** Chip seconds emulated per wall second, and how many a busy second could emulate. */
  | { type: 'clock'; realTimeFactor: number; capacityMHz: number; lagMs: number };
