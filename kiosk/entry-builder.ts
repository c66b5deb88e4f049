import { EntryRecord, type Decision, type EntryFlag, type RosterSnapshot } from '../protocol/index.ts';
import { hadHighReading, type Assessment, type PersonScreening } from './screening.ts';

export interface GuardOnDuty {
  id: string | null;
  name: string;
  shiftId: string | null;
}

export interface EntryDraft {
  id: string;
  now: Date;
  roster: RosterSnapshot;
  guard: GuardOnDuty;
  screening: PersonScreening;
  assessment: Assessment;
  decision: Decision;
  /** Why: required when the guard overrides an exit block; recorded whenever given. */
  reason: string | null;
}

/** Assembles the record and validates it: a record that fails the schema is a kiosk bug, never saved. */
export function buildEntry(draft: EntryDraft): EntryRecord {
  const { screening, assessment } = draft;
  const flags = new Set<EntryFlag>(assessment.flags);
  // A referral without an axillary reading (where none was mandatory) is still a fever case to follow up.
  if (draft.decision === 'referred') flags.add('fever');
  if (assessment.exitBlocked && draft.decision === 'admitted') flags.add('watch-override');
  // An abandoned screening that reached a flagged reading is followed up as a possible fever.
  if (draft.decision === 'abandoned' && hadHighReading(assessment)) flags.add('fever');
  const ambientC = screening.readings.filter((r) => r.source !== 'axillary').at(-1)?.ambientC ?? null;
  const baseline = assessment.fever.baseline;
  return EntryRecord.parse({
    id: draft.id,
    schemaVersion: 1,
    occurredAt: draft.now.toISOString(),
    gateId: draft.roster.gate.id,
    deviceId: draft.roster.deviceId,
    guard: { id: draft.guard.id, name: draft.guard.name },
    shiftId: draft.guard.shiftId,
    direction: screening.direction,
    subject: {
      category: screening.identity.category,
      personId: screening.identity.personId,
      name: screening.identity.name,
      idHash: screening.identity.idHash,
      idMasked: screening.identity.idMasked,
      scan: screening.scan,
    },
    mask: screening.mask,
    answers: Object.entries(screening.answers).map(([questionId, answer]) => ({ questionId, answer })),
    questionSetVersion: draft.roster.questionSet?.version ?? null,
    readings: screening.readings,
    ambientC,
    baselineC: baseline.kind === 'in-force' ? Math.round(baseline.valueC * 100) / 100 : null,
    flagAtC: screening.readings.some((r) => r.source === 'infrared') ? Math.round(assessment.fever.flagAtC * 100) / 100 : null,
    decision: draft.decision,
    reason: draft.reason,
    flags: [...flags],
    vehicle: screening.vehicle,
    visitor: screening.visitor,
  });
}
