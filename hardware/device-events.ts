import type { CalibrationInfo, HardwareEvent } from '../protocol/hardware-events.ts';
import type { DeviceConfig } from '../protocol/roster.ts';
import { classifyScan } from './scan-classifier.ts';
import type { ScannerLine } from './scanner-line-parser.ts';
import type { GunReading } from './thermometer-gun-parser.ts';

/** Turns what the parsers produce into the events the kiosk receives; a refusal becomes `input-rejected`. */

export function scannerLineEvent(line: ScannerLine, deviceId: string, config: DeviceConfig | null, at: Date): HardwareEvent {
  const when = at.toISOString();
  if (!line.ok) return rejected(deviceId, when, line.reason);
  const classified = classifyScan(line.text, config);
  if (!classified.ok) return rejected(deviceId, when, classified.reason);
  return { type: 'scan', deviceId, at: when, payload: classified.payload };
}

/** Most forehead thermometers are rated for 18–28 °C ambient; outside it they read off. */
export const RATED_AMBIENT_C = { min: 18, max: 28 } as const;

export const UNKNOWN_CALIBRATION: CalibrationInfo = { state: 'unknown', calibratedAt: null, by: null, method: null, referenceC: null, expiresAt: null };

export function gunReadingEvent(reading: GunReading, deviceId: string, offsetC: number, at: Date): HardwareEvent {
  const when = at.toISOString();
  if (!reading.ok) return rejected(deviceId, when, reading.reason);
  const objectC = Math.round((reading.objectC + offsetC) * 100) / 100;
  const ambientC = reading.ambientC;
  return {
    type: 'temperature',
    deviceId,
    at: when,
    objectC,
    ambientC,
    offsetC,
    calibration: UNKNOWN_CALIBRATION,
    ambientOutOfRange: ambientC === null ? null : ambientC < RATED_AMBIENT_C.min || ambientC > RATED_AMBIENT_C.max,
  };
}

function rejected(deviceId: string, at: string, reason: string): HardwareEvent {
  return { type: 'input-rejected', deviceId, at, reason: reason.slice(0, 300) };
}
