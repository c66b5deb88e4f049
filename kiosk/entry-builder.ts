import {
  EntryRecord,
  type Decision,
  type Direction,
  type EntryFlag,
  type MaskCheck,
  type RosterSnapshot,
  type ScanPayload,
  type TemperatureReading,
} from '../protocol/index.ts';
import { FEVER_RULE_DEFAULTS } from './fever-rule.ts';
import type { Identity } from './identify.ts';

/** The fixed threshold alone, until the kiosk runs the full fever rule (re-measure, baseline, axillary). */
export function isFever(reading: TemperatureReading | null): boolean {
  return reading !== null && reading.objectC >= FEVER_RULE_DEFAULTS.thresholdC;
}

export interface EntryDraft {
  id: string;
  now: Date;
  roster: RosterSnapshot;
  guardName: string;
  direction: Direction;
  mask: MaskCheck;
  scan: ScanPayload | null;
  identity: Identity;
  reading: TemperatureReading | null;
  decision: Decision;
}

/** Assembles the record and validates it: a record that fails the schema is a kiosk bug, never saved. */
export function buildEntry(draft: EntryDraft): EntryRecord {
  const flags = new Set<EntryFlag>(draft.identity.flags);
  if (isFever(draft.reading)) flags.add('fever');
  return EntryRecord.parse({
    id: draft.id,
    schemaVersion: 1,
    occurredAt: draft.now.toISOString(),
    gateId: draft.roster.gate.id,
    deviceId: draft.roster.deviceId,
    guard: { id: null, name: draft.guardName },
    shiftId: null,
    direction: draft.direction,
    subject: {
      category: draft.identity.category,
      personId: draft.identity.personId,
      name: draft.identity.name,
      idHash: draft.identity.idHash,
      idMasked: draft.identity.idMasked,
      scan: draft.scan,
    },
    mask: draft.mask,
    answers: [],
    questionSetVersion: null,
    readings: draft.reading
      ? [{ valueC: draft.reading.objectC, source: 'infrared', at: draft.reading.at, ambientC: draft.reading.ambientC }]
      : [],
    ambientC: draft.reading?.ambientC ?? null,
    baselineC: null,
    decision: draft.decision,
    reason: null,
    flags: [...flags],
  });
}
