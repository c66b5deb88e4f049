import { isPassage } from '../protocol/entry.ts';
import type { JournalEntry } from './journal.ts';

export interface ShiftSummary {
  /** Passages, in and out: an abandoned screening or a courier's drop-off is none (each is counted on its own). */
  total: number;
  in: number;
  out: number;
  admitted: number;
  denied: number;
  referred: number;
  dropOffs: number;
  /** Screenings left without a decision (cancelled, page closed, shift ended). */
  abandoned: number;
  fevers: number;
  unsent: number;
  rejected: number;
}

/** The hand-over figures for one shift, from the kiosk's own journal (works offline). */
export function summariseShift(entries: readonly JournalEntry[], shiftId: string): ShiftSummary {
  const summary: ShiftSummary = {
    total: 0,
    in: 0,
    out: 0,
    admitted: 0,
    denied: 0,
    referred: 0,
    dropOffs: 0,
    abandoned: 0,
    fevers: 0,
    unsent: 0,
    rejected: 0,
  };
  for (const { record, state } of entries) {
    if (record.shiftId !== shiftId) continue;
    if (isPassage(record)) {
      summary.total += 1;
      summary[record.direction] += 1;
    }
    if (record.decision === 'admitted') summary.admitted += 1;
    else if (record.decision === 'denied') summary.denied += 1;
    else if (record.decision === 'referred') summary.referred += 1;
    else if (record.decision === 'drop-off') summary.dropOffs += 1;
    else summary.abandoned += 1;
    if (record.flags.includes('fever')) summary.fevers += 1;
    if (state === 'unsent') summary.unsent += 1;
    if (state === 'rejected') summary.rejected += 1;
  }
  return summary;
}

/** Today's log search: any part of the name, room, plate, masked ID or visitor phone. */
export function matchesLogSearch(entry: JournalEntry, room: string | null, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  const { record } = entry;
  const haystack = [
    record.subject.name,
    record.subject.idMasked,
    room,
    record.vehicle?.plate,
    record.visitor?.phone,
    record.guard.name,
  ]
    .filter((v): v is string => typeof v === 'string')
    .join(' ')
    .toLowerCase();
  return haystack.includes(needle);
}
