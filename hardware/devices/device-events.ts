import type { HardwareEvent } from '../../protocol/hardware-events.ts';
import type { DeviceConfig } from '../../protocol/roster.ts';
import { classifyScan } from './scanner/scan-classifier.ts';
import type { ScannerLine } from './scanner/scanner-line-parser.ts';
import {
  ambientOutOfRange,
  calibrationInfo,
  type CalibrationRecord,
  type RatedAmbient,
} from './thermometer/thermometer-calibration.ts';
import type { GunReading } from './thermometer/thermometer-gun-parser.ts';

/** Turns what the parsers produce into the events the kiosk receives; a refusal becomes `input-rejected`. */

export function scannerLineEvent(line: ScannerLine, deviceId: string, config: DeviceConfig | null, at: Date): HardwareEvent {
  const when = at.toISOString();
  if (!line.ok) return rejected(deviceId, when, line.reason);
  const classified = classifyScan(line.text, config);
  if (!classified.ok) return rejected(deviceId, when, classified.reason);
  return { type: 'scan', deviceId, at: when, payload: classified.payload };
}

/** What a thermometer's readings are corrected and judged with (from its configuration). */
export interface ThermometerJudgement {
  calibration: CalibrationRecord | null;
  ratedAmbientC: RatedAmbient;
}

/** A gun's line or an infrared sensor's subject reading, with the calibration offset added and the record attached. */
export function temperatureEvent(
  reading: GunReading,
  deviceId: string,
  judgement: ThermometerJudgement,
  at: Date,
): HardwareEvent {
  const when = at.toISOString();
  if (!reading.ok) return rejected(deviceId, when, reading.reason);
  const offsetC = judgement.calibration?.offsetC ?? 0;
  const objectC = Math.round((reading.objectC + offsetC) * 100) / 100;
  const ambientC = reading.ambientC;
  return {
    type: 'temperature',
    deviceId,
    at: when,
    objectC,
    ambientC,
    offsetC,
    calibration: calibrationInfo(judgement.calibration, at),
    ambientOutOfRange: ambientOutOfRange(ambientC, judgement.ratedAmbientC),
  };
}

function rejected(deviceId: string, at: string, reason: string): HardwareEvent {
  return { type: 'input-rejected', deviceId, at, reason: reason.slice(0, 300) };
}
