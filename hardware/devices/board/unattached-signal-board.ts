import type { HardwareCommand } from '../../../protocol/hardware-commands.ts';
import type { DeviceStatus } from '../../../protocol/hardware-events.ts';
import type { GateLogger } from '../../service/gate-logger.ts';
import type { Signals } from './signals.ts';

/**
 * A gate configured without a signal board: it reports `failed` so the kiosk shows the guard that
 * lights, buzzer and relay do nothing, and logs every dropped command.
 */
export class UnattachedSignalBoard implements Signals {
  readonly status: DeviceStatus;
  private readonly logger: GateLogger;

  constructor(deviceId: string, logger: GateLogger, now: Date = new Date()) {
    this.logger = logger;
    this.status = {
      type: 'device-status',
      deviceId,
      device: 'board',
      at: now.toISOString(),
      state: 'failed',
      reason: 'no signal board configured: lights, buzzer and gate relay are not connected',
    };
  }

  onStatus(): () => void {
    return () => {};
  }

  apply(command: HardwareCommand): void {
    this.logger.warn(`signal board not connected; command not carried out: ${JSON.stringify(command)}`);
  }

  async close(): Promise<void> {}
}
