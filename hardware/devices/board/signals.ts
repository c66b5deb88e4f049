import type { HardwareCommand } from '../../../protocol/hardware-commands.ts';
import type { DeviceStatus } from '../../../protocol/hardware-events.ts';

/** Lights, buzzer and gate relay, as the kiosk's commands drive them. */
export interface Signals {
  readonly status: DeviceStatus;
  /** Later statuses (the board unplugged, back again); answers the unsubscribe. */
  onStatus(listener: (status: DeviceStatus) => void): () => void;
  apply(command: HardwareCommand): void;
  close(): Promise<void>;
}
