import type { DeviceStatus } from '../../protocol/hardware-events.ts';
import { GateMessage, type SpoolStatus } from '../../protocol/spool.ts';
import type { GateLogger } from './gate-logger.ts';

export type Subscriber = (message: string) => void;

/**
 * Fans the gate's messages out to the kiosks' sockets: hardware events, and the spool's status.
 * Remembers each device's last status and the spool's, so a kiosk that connects hears where things
 * stand; readings and scans are never replayed.
 */
export class EventHub {
  private readonly logger: GateLogger;
  private readonly subscribers = new Set<Subscriber>();
  private readonly statuses = new Map<string, DeviceStatus>();
  private spool: SpoolStatus | null = null;

  constructor(logger: GateLogger) {
    this.logger = logger;
  }

  publish(message: GateMessage): void {
    const encoded = this.encode(message);
    if (encoded === null) return;
    if (message.type === 'device-status') this.statuses.set(message.deviceId, message);
    if (message.type === 'spool-status') this.spool = message;
    for (const subscriber of this.subscribers) subscriber(encoded);
  }

  /** The JSON to send, or null (and a logged bug) when the message fails the protocol schema. */
  encode(message: GateMessage): string | null {
    const checked = GateMessage.safeParse(message);
    if (checked.success) return JSON.stringify(checked.data);
    // Everything sent is built by the gate itself, so a failure here is a bug to fix, not input to show.
    this.logger.error(
      `bug: refusing to send an invalid hardware event ${JSON.stringify(message).slice(0, 300)}: ${checked.error.message}`,
    );
    return null;
  }

  /** The new subscriber first hears every device's current status and the spool's. */
  subscribe(subscriber: Subscriber): () => void {
    for (const status of this.statuses.values()) subscriber(JSON.stringify(status));
    if (this.spool) subscriber(JSON.stringify(this.spool));
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }
}
