import type { Transform } from 'node:stream';
import type { SerialPortStream } from '@serialport/stream';
import { PortDevice, type PortDeviceOptions } from './port-device.ts';
import type { PortSession, PortSessionControl } from './reconnecting-port.ts';

export interface SerialDeviceOptions extends PortDeviceOptions {
  /** A fresh parser per connection: bytes left over from a dropped connection must not join the next one. */
  createParser: () => Transform;
}

/**
 * One serial device with its line protocol: connected as soon as its port opens (a scanner or a
 * gun says nothing until it reads something), reconnected as ReconnectingPort does.
 */
export class SerialDevice<T> extends PortDevice<T> {
  readonly #createParser: () => Transform;

  constructor(options: SerialDeviceOptions) {
    super(options);
    this.#createParser = options.createParser;
  }

  protected session(port: SerialPortStream, control: PortSessionControl): PortSession {
    const parser = this.#createParser();
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
  }
}
