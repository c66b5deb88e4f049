import { EventEmitter } from 'node:events';
import type { Transform } from 'node:stream';
import type { DeviceStatus } from '../../../protocol/hardware-events.ts';
import { ReconnectingPort, type ReconnectingPortOptions } from './reconnecting-port.ts';

export interface SerialDeviceOptions extends Omit<ReconnectingPortOptions, 'session' | 'onStatus'> {
  /** A fresh parser per connection: bytes left over from a dropped connection must not join the next one. */
  createParser: () => Transform;
}

type SerialDeviceEvents<T> = { status: [DeviceStatus]; data: [T] };

/**
 * One serial device with its line protocol: connected as soon as its port opens (a scanner or a
 * gun says nothing until it reads something), reconnected as ReconnectingPort does.
 */
export class SerialDevice<T> extends EventEmitter<SerialDeviceEvents<T>> {
  readonly #port: ReconnectingPort;

  constructor(options: SerialDeviceOptions) {
    super();
    this.#port = new ReconnectingPort({
      ...options,
      onStatus: (status) => this.emit('status', status),
      session: (port, control) => {
        const parser = options.createParser();
        parser.on('data', (item: T) => this.emit('data', item));
        port.pipe(parser);
        return {
          opened: () => control.connected(null),
          // Ending the parser flushes it, so a line cut off by the unplug is reported rather than lost.
          ended: () => {
            port.unpipe(parser);
            parser.end();
          },
        };
      },
    });
  }

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
