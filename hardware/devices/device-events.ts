import { communityDate } from '../../protocol/community-date.ts';
import type { HardwareEvent, IdCardEvent, InputProblem } from '../../protocol/hardware-events.ts';
import { RESIDENT_ID_PROBLEM_TEXT } from '../../protocol/resident-id.ts';
import type { DeviceConfig } from '../../protocol/roster.ts';
import type { IdCardReading } from './id-card/id-card-reader.ts';
import { classifyIdNumber, classifyScan } from './scanner/scan-classifier.ts';
import type { ScannerLine } from './scanner/scanner-line-parser.ts';
import {
  ambientOutOfRange,
  calibrationInfo,
  type CalibrationRecord,
  type RatedAmbient,
} from './thermometer/thermometer-calibration.ts';
import type { ThermometerReading } from './thermometer/thermometer-reading.ts';

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

/**
 * A gun's line, an infrared sensor's or a thermal array's subject reading, with the calibration
 * offset added and the record attached; a thermal array's site and small frame travel with it.
 */
export function temperatureEvent(
  reading: ThermometerReading,
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
    ...('site' in reading ? { site: reading.site } : {}),
    ...('thermalFrame' in reading && reading.thermalFrame ? { thermalFrame: reading.thermalFrame } : {}),
  };
}

/**
 * A card read from the ID-card reader: its number hashed here with the community's key, as a
 * scanned number is, so the clear number never leaves the gate; its validity judged on `at`.
 */
export function idCardEvent(reading: IdCardReading, deviceId: string, config: DeviceConfig | null, at: Date): HardwareEvent {
  const when = at.toISOString();
  if (!reading.ok) return rejected(deviceId, when, reading.reason, reading.problem);
  const { card } = reading;
  const classified = classifyIdNumber(card.idNumber, config);
  if (!classified.ok) return rejected(deviceId, when, classified.reason, 'no-id-key');
  const { payload } = classified;
  if (payload.kind === 'id-number-invalid')
    return rejected(
      deviceId,
      when,
      `the card's ID number ${payload.idMasked} fails its check (${RESIDENT_ID_PROBLEM_TEXT[payload.reason]}): a damaged or forged card?`,
      'card-number-invalid',
    );
  if (payload.kind !== 'id-number') return rejected(deviceId, when, 'the card holds no resident ID number', 'card-no-number');
  return {
    type: 'id-card',
    deviceId,
    at: when,
    card: {
      name: card.name,
      sex: card.sex,
      idHash: payload.idHash,
      idMasked: payload.idMasked,
      validFrom: card.validFrom,
      validTo: card.validTo,
      validity: cardValidity(card.validFrom, card.validTo, communityDate(at)),
    },
  };
}

/** A card is valid from its first date through its last (both printed on it), or for life. */
function cardValidity(validFrom: string, validTo: string | null, today: string): IdCardEvent['card']['validity'] {
  if (today < validFrom) return 'not-yet-valid';
  if (validTo !== null && today > validTo) return 'expired';
  return 'valid';
}

function rejected(deviceId: string, at: string, reason: string, problem?: InputProblem): HardwareEvent {
  const event: HardwareEvent = { type: 'input-rejected', deviceId, at, reason: reason.slice(0, 300) };
  return problem ? { ...event, problem } : event;
}
