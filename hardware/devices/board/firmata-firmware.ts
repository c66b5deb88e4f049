/**
 * The firmware a Firmata board names at the handshake, and what that means for the devices on it.
 * StandardFirmata learnt the I2C restart bit (a repeated start instead of a STOP between a
 * register write and the read) in 2.5; older firmware always sends the STOP, and an MLX90614
 * following its datasheet does not answer a read after a STOP.
 */

export interface FirmwareInfo {
  name: string | null;
  version: { major: number; minor: number } | null;
}

const I2C_RESTART_SINCE = { major: 2, minor: 5 };

export function describeFirmware(firmware: FirmwareInfo): string {
  const version = firmware.version ? `${firmware.version.major}.${firmware.version.minor}` : 'of unknown version';
  return `${firmware.name ?? 'unnamed firmware'} ${version}`;
}

/** Null when the board did not say its version. */
export function sendsI2cRestart(firmware: FirmwareInfo): boolean | null {
  const { version } = firmware;
  if (!version) return null;
  return (
    version.major > I2C_RESTART_SINCE.major ||
    (version.major === I2C_RESTART_SINCE.major && version.minor >= I2C_RESTART_SINCE.minor)
  );
}

export function tooOldForMlx90614(firmware: FirmwareInfo): string {
  return `the board runs ${describeFirmware(firmware)}, which ends the register write with a STOP instead of the repeated start the MLX90614 needs: flash StandardFirmata 2.5 or newer`;
}
