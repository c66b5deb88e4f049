import type { EntryRecord, MeasuringSite, Reading } from '../../protocol/index.ts';
import {
  OFFSET_LEARNING,
  armpitPair,
  learnOffset,
  sinceCalibration,
  type ArmpitPair,
  type LearntOffset,
} from '../../protocol/device-offset.ts';
import type { ScreeningModel } from '../../protocol/fever-goal.ts';

/**
 * What the gate's own log teaches the rule: the normal readings of past days (yesterday's baseline
 * for this hour, while today's is being built) and every armpit reading the guard typed in, paired
 * with the infrared reading before it (the device's learnt offset). Built from the entries the gate
 * and the kiosk hold; each entry carries every reading.
 */
export interface GateHistory {
  normal: Reading[];
  pairs: ArmpitPair[];
}

/** How far back the gate's pairs count: a device drifts, and the gate keeps two weeks of entries. */
export const HISTORY_DAYS = OFFSET_LEARNING.windowDays;

export const emptyHistory = (): GateHistory => ({ normal: [], pairs: [] });

/** Adds one logged entry's lessons. */
export function withEntry(history: GateHistory, record: EntryRecord): GateHistory {
  const pair = armpitPair(record.readings, record.flagAtC ?? null);
  const infrared = record.readings.find((r) => r.source === 'infrared');
  const normal = !record.flags.includes('fever') && infrared ? [infrared] : [];
  return {
    normal: normal.length > 0 ? [...history.normal, ...normal] : history.normal,
    pairs: pair ? [...history.pairs, pair] : history.pairs,
  };
}

export function historyOf(records: readonly EntryRecord[]): GateHistory {
  return records.reduce(withEntry, emptyHistory());
}

/**
 * The learnt offset for readings of this site from the pairs since the device's calibration (the
 * one the reading being judged was taken under), or null before any pair.
 */
export function learntOffsetFor(
  history: GateHistory,
  site: MeasuringSite,
  model: ScreeningModel,
  calibratedAt: string | null | undefined = null,
): LearntOffset | null {
  return learnOffset(sinceCalibration(history.pairs, calibratedAt), site, model);
}
