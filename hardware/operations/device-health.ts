import type { DeviceReport } from '../../protocol/fleet.ts';
import type { DeviceKind, DeviceStatus } from '../../protocol/hardware-events.ts';

interface Health {
  state: DeviceStatus['state'];
  lastError: string | null;
  lastErrorAt: string | null;
  reconnects: number;
  wasConnected: boolean;
}

/** What the gate knows of a device beyond its statuses: the firmware it named, its calibration. */
export interface DeviceDetails {
  firmware: DeviceReport['firmware'];
  calibrationExpiresAt: string | null;
}

/**
 * Each serial device's health as its statuses tell it: the state now, the last thing that went
 * wrong and when, and how often it was lost and found again since the gate started. The fleet
 * page and the gate's /metrics read it.
 */
export class DeviceHealth {
  readonly #devices = new Map<DeviceKind, Health>();

  note(status: DeviceStatus): void {
    const health = this.#devices.get(status.device) ?? {
      state: status.state,
      lastError: null,
      lastErrorAt: null,
      reconnects: 0,
      wasConnected: false,
    };
    if (status.state === 'connected') {
      if (health.wasConnected && health.state !== 'connected') health.reconnects += 1;
      health.wasConnected = true;
    } else if (status.reason) {
      health.lastError = status.reason.slice(0, 300);
      health.lastErrorAt = status.at;
    }
    health.state = status.state;
    this.#devices.set(status.device, health);
  }

  reports(details: Partial<Record<DeviceKind, DeviceDetails>> = {}): DeviceReport[] {
    return [...this.#devices.entries()].map(([device, health]) => ({
      device,
      state: health.state,
      firmware: details[device]?.firmware ?? null,
      calibrationExpiresAt: details[device]?.calibrationExpiresAt ?? null,
      lastError: health.lastError,
      lastErrorAt: health.lastErrorAt,
      reconnects: health.reconnects,
    }));
  }
}
