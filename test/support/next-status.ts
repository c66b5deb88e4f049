import type { DeviceStatus } from '../../protocol/hardware-events.ts';
import type { SerialDevice } from '../../hardware/devices/connection/serial-device.ts';

/** The device's next status in the given state (earlier ones in other states are passed over). */
export function nextStatus<T>(device: SerialDevice<T>, state: DeviceStatus['state']): Promise<DeviceStatus> {
  return new Promise((done) => {
    const listener = (status: DeviceStatus): void => {
      if (status.state !== state) return;
      device.off('status', listener);
      done(status);
    };
    device.on('status', listener);
  });
}
