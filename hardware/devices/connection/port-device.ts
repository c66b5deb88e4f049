import { EventEmitter } from 'node:events';
import type { SerialPortStream } from '@serialport/stream';
import type { DeviceStatus } from '../../../protocol/hardware-events.ts';
import {
  ReconnectingPort,
  type PortSession,
  type PortSessionControl,
  type ReconnectingPortOptions,
} from './reconnecting-port.ts';

export type PortDeviceOptions = Omit<ReconnectingPortOptions, 'session' | 'onStatus'>;

/**
 * A device on a serial port of its own: its statuses come from the ReconnectingPort underneath,
 * its data from the protocol each connection's `session` speaks. Subclasses write only that.
 */
export abstract class PortDevice<T> extends EventEmitter<{ status: [DeviceStatus]; data: [T] }> {
  readonly #port: ReconnectingPort;

  constructor(options: PortDeviceOptions) {
    super();
    this.#port = new ReconnectingPort({
      ...options,
      onStatus: (status) => this.emit('status', status),
      session: (port, control) => this.session(port, control),
    });
  }

  /** One connection's protocol, set up before the port opens (see ReconnectingPort). */
  protected abstract session(port: SerialPortStream, control: PortSessionControl): PortSession;

  get status(): DeviceStatus {
    return this.#port.status;
  }

  start(): void {
    this.#port.start();
  }

  stop(): Promise<void> {
    return this.#port.stop();
  }
}
