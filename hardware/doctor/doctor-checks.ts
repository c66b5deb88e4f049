import type { SerialPort } from 'serialport';
import type { DeviceStatus } from '../../protocol/hardware-events.ts';
import type { GateConfig } from '../config/gate-config.ts';
import { buildGateKit, type GateKit } from '../gate-kit.ts';
import type { GateLogger } from '../service/gate-logger.ts';
import type { Mlx90614Thermometer } from '../devices/thermometer/mlx90614-thermometer.ts';
import { describeFirmware, sendsI2cRestart, tooOldForMlx90614, type FirmwareInfo } from '../devices/board/firmata-firmware.ts';
import { calibrationInfo } from '../devices/thermometer/thermometer-calibration.ts';

export type PortInfo = Awaited<ReturnType<typeof SerialPort.list>>[number];

export interface DoctorCheck {
  ok: boolean;
  /** One line for the technician at the gate. */
  line: string;
}

export interface DoctorOptions {
  /** How long each device gets to come up (open, Firmata handshake, a first sensor sample). */
  timeoutMs: number;
  listPorts: () => Promise<PortInfo[]>;
  now?: () => Date;
}

/**
 * `npm run doctor`: the serial ports the operating system sees, then each configured device
 * brought up with the gate's own drivers, so a pass here means the service will find it too.
 */
export async function runDoctor(config: GateConfig, options: DoctorOptions): Promise<DoctorCheck[]> {
  const now = options.now ?? (() => new Date());
  const checks: DoctorCheck[] = [];
  let ports: PortInfo[] = [];
  try {
    ports = await options.listPorts();
    checks.push({ ok: true, line: `serial ports: ${ports.length === 0 ? 'none found' : ports.map(describePort).join('; ')}` });
  } catch (error) {
    checks.push({ ok: false, line: `serial ports: cannot list them: ${(error as Error).message}` });
  }
  const quiet: GateLogger = { info: () => {}, warn: () => {}, error: () => {} };
  let kit: GateKit;
  try {
    kit = await buildGateKit(config, { logger: quiet, backoff: { initialMs: 250, maxMs: 1000, failAfterAttempts: 1_000_000 } });
  } catch (error) {
    return [...checks, { ok: false, line: `cannot set up the devices: ${(error as Error).message}` }];
  }
  try {
    kit.start();
    const { scanner, thermometer, signals } = kit.devices;
    const [scannerStatus, thermometerStatus, boardStatus] = await Promise.all([
      settle(scanner.status, (listener) => scanner.on('status', listener), options.timeoutMs),
      settle(thermometer.status, (listener) => thermometer.on('status', listener), options.timeoutMs),
      settle(signals.status, (listener) => signals.onStatus(listener), options.timeoutMs),
    ]);
    const where = (path: string) => (config.simulate ? 'simulated' : path);
    checks.push(deviceCheck('scanner', where(config.scanner.path), scannerStatus, ports, config.simulate));
    const { thermometer: thermometerConfig } = config;
    const thermometerPath =
      thermometerConfig.kind === 'mlx90614'
        ? `I2C 0x${thermometerConfig.address.toString(16)} on the board`
        : where(thermometerConfig.path);
    const sensorCheck = deviceCheck(
      `thermometer (${thermometerConfig.kind})`,
      thermometerPath,
      thermometerStatus,
      ports,
      config.simulate || thermometerConfig.kind === 'mlx90614',
    );
    const sample = thermometerConfig.kind === 'mlx90614' ? (thermometer as Mlx90614Thermometer).lastSample : null;
    if (sample) sensorCheck.line += `: object ${sample.objectC} °C, ambient ${sample.ambientC} °C`;
    checks.push(sensorCheck);
    const calibration = calibrationInfo(thermometerConfig.calibration, now());
    checks.push({
      ok: calibration.state === 'ok',
      line:
        calibration.state === 'unknown'
          ? 'calibration: no record in the configuration (thermometer.calibration): every reading will say so'
          : `calibration: ${calibration.state} (${calibration.method} by ${calibration.by} on ${calibration.calibratedAt?.slice(0, 10)}, expires ${calibration.expiresAt?.slice(0, 10)})`,
    });
    checks.push(
      config.board
        ? deviceCheck('signal board', where(config.board.path), boardStatus, ports, config.simulate)
        : { ok: true, line: 'signal board: none configured (lights, buzzer and relay unused)' },
    );
    const firmware = kit.boardLink?.firmware;
    if (firmware) checks.push(firmwareCheck(firmware, thermometerConfig.kind === 'mlx90614'));
  } finally {
    await kit.close();
  }
  return checks;
}

/** Waits for `connected`, or answers whatever the device said last when the time is up. */
function settle(
  initial: DeviceStatus,
  subscribe: (listener: (status: DeviceStatus) => void) => unknown,
  timeoutMs: number,
): Promise<DeviceStatus> {
  return new Promise((resolve) => {
    let latest = initial;
    if (latest.state === 'connected') return resolve(latest);
    const timer = setTimeout(() => resolve(latest), timeoutMs);
    subscribe((status) => {
      latest = status;
      if (status.state !== 'connected') return;
      clearTimeout(timer);
      resolve(status);
    });
  });
}

function deviceCheck(name: string, path: string, status: DeviceStatus, ports: PortInfo[], skipListing: boolean): DoctorCheck {
  if (status.state === 'connected')
    return { ok: true, line: `${name} ${path}: connected${status.reason ? ` (${status.reason})` : ''}` };
  const listed = skipListing || ports.some((port) => port.path === path);
  const hint = listed ? '' : ` [${path} is not among the serial ports listed above]`;
  return { ok: false, line: `${name} ${path}: ${status.state}: ${status.reason ?? 'no reason given'}${hint}` };
}

/** The firmware the board named, and whether it can read the configured sensor as its datasheet asks. */
function firmwareCheck(firmware: FirmwareInfo, readsMlx90614: boolean): DoctorCheck {
  const restart = sendsI2cRestart(firmware);
  if (readsMlx90614 && restart === false) return { ok: false, line: `firmware: ${tooOldForMlx90614(firmware)}` };
  if (readsMlx90614 && restart === null)
    return {
      ok: false,
      line: `firmware: ${describeFirmware(firmware)}: the board did not say its version; flash StandardFirmata 2.5 or newer`,
    };
  return {
    ok: true,
    line: `firmware: ${describeFirmware(firmware)}${readsMlx90614 ? ' (sends the I2C repeated start the MLX90614 needs)' : ''}`,
  };
}

function describePort(port: PortInfo): string {
  const details = [
    port.manufacturer,
    port.vendorId && port.productId ? `${port.vendorId}:${port.productId}` : null,
    port.serialNumber ? `serial ${port.serialNumber}` : null,
  ].filter(Boolean);
  return details.length ? `${port.path} (${details.join(', ')})` : port.path;
}
