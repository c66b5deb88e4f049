import { HardwareEvent, type DeviceStatus } from '../../protocol/hardware-events.ts';
import type { GateLogger } from './gate-logger.ts';

export type Subscriber = (message: string) => void;

/** Fans hardware events out to the kiosk's sockets and remembers each device's last status. */
export class EventHub {
  private readonly logger: GateLogger;
  private readonly subscribers = new Set<Subscriber>();
  private readonly statuses = new Map<string, DeviceStatus>();

  constructor(logger: GateLogger) {
    this.logger = logger;
  }

  publish(event: HardwareEvent): void {
    const message = this.encode(event);
    if (message === null) return;
    if (event.type === 'device-status') this.statuses.set(event.deviceId, event);
    for (const subscriber of this.subscribers) subscriber(message);
  }

  /** The JSON to send, or null (and a logged bug) when the event fails the protocol schema. */
  encode(event: HardwareEvent): string | null {
    const checked = HardwareEvent.safeParse(event);
    if (checked.success) return JSON.stringify(checked.data);
    // Everything sent is built by the gate itself, so a failure here is a bug to fix, not input to show.
    this.logger.error(
      `bug: refusing to send an invalid hardware event ${JSON.stringify(event).slice(0, 300)}: ${checked.error.message}`,
    );
    return null;
  }

  /** The new subscriber first hears every device's current status. */
  subscribe(subscriber: Subscriber): () => void {
    for (const status of this.statuses.values()) subscriber(JSON.stringify(status));
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  currentStatuses(): DeviceStatus[] {
    return [...this.statuses.values()];
  }
}
