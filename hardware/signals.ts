import type { HardwareCommand } from '../protocol/hardware-commands.ts';
import type { DeviceStatus } from '../protocol/hardware-events.ts';

/**
 * Lights, buzzer and gate relay. The simulated board implements it today; the johnny-five board
 * over Firmata implements the same interface later.
 */
export interface Signals {
  readonly status: DeviceStatus;
  apply(command: HardwareCommand): void;
  close(): Promise<void>;
}
