import type { EntryRecord, MeasuringSite, Reading } from '../../protocol/index.ts';
import { learnOffset, type ArmpitPair, type LearntOffset } from '../../protocol/device-offset.ts';
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
export const HISTORY_DAYS = 14;

export const emptyHistory = (): GateHistory => ({ normal: [], pairs: [] });

/**
 * The pair a finished screening makes: its first infrared reading (as the device gave it) and the
 * last armpit reading, with the flag point that reading passed to be sent to the armpit.
 */
export function armpitPair(readings: readonly Reading[], flagAtC: number | null): ArmpitPair | null {
  const infrared = readings.find((r) => r.source === 'infrared');
  const armpit = readings.filter((r) => r.source === 'axillary').at(-1);
  if (!infrared || !armpit) return null;
  return { site: infrared.site ?? 'forehead', infraredC: infrared.valueC, armpitC: armpit.valueC, flagAtC };
}

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

/** The learnt offset for readings of this site, or null before any pair. */
export function learntOffsetFor(history: GateHistory, site: MeasuringSite, model: ScreeningModel): LearntOffset | null {
  return learnOffset(history.pairs, site, model);
}
