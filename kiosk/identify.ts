import type { EntryFlag, RosterPerson, RosterSnapshot, ScanPayload, SubjectCategory } from '../protocol/index.ts';
import type { MessageKey } from './messages.ts';

export interface Identity {
  category: SubjectCategory;
  personId: string | null;
  name: string | null;
  room: string | null;
  idHash: string | null;
  idMasked: string | null;
  flags: EntryFlag[];
  /** Something the guard must read: why the scan did not identify anyone. */
  problem: MessageKey | null;
  problemDetail: MessageKey | null;
}

const reasonKeys: Record<string, MessageKey> = {
  'check-digit': 'reasonCheckDigit',
  'birth-date': 'reasonBirthDate',
  format: 'reasonFormat',
  province: 'reasonProvince',
  signature: 'reasonSignature',
  'no-key': 'reasonNoKey',
};

/** A roster person as the guard sees them: found by a scan or by the manual look-up. */
export function identityOf(person: RosterPerson, roster: RosterSnapshot | undefined): Identity {
  const household = roster?.households.find((h) => h.id === person.householdId);
  return {
    category: person.category,
    personId: person.id,
    name: person.name,
    room: household ? `${household.building} ${household.unit} ${household.room}` : null,
    idHash: person.idHash,
    idMasked: person.idMasked,
    flags: [],
    problem: null,
    problemDetail: null,
  };
}

/** Decides from the cached roster alone who was scanned, so the gate decides the same offline. */
export function identify(payload: ScanPayload, roster: RosterSnapshot | undefined): Identity {
  const unknown: Identity = {
    category: 'unknown',
    personId: null,
    name: null,
    room: null,
    idHash: null,
    idMasked: null,
    flags: ['unknown-person'],
    problem: 'unknownPerson',
    problemDetail: null,
  };
  switch (payload.kind) {
    case 'pass':
    case 'id-number': {
      const person =
        payload.kind === 'pass'
          ? roster?.persons.find((p) => p.id === payload.personId)
          : roster?.persons.find((p) => p.idHash !== null && p.idHash === payload.idHash);
      const idHash = payload.kind === 'id-number' ? payload.idHash : null;
      const idMasked = payload.kind === 'id-number' ? payload.idMasked : null;
      if (!person) return { ...unknown, idHash, idMasked };
      const identity = identityOf(person, roster);
      return { ...identity, idHash: idHash ?? identity.idHash, idMasked: idMasked ?? identity.idMasked };
    }
    case 'pass-invalid':
      return { ...unknown, problem: 'passInvalid', problemDetail: reasonKeys[payload.reason] ?? null };
    case 'id-number-invalid':
      return {
        ...unknown,
        idMasked: payload.idMasked,
        flags: ['unknown-person', 'invalid-id'],
        problem: 'idInvalid',
        problemDetail: reasonKeys[payload.reason] ?? null,
      };
    case 'visitor-code':
      // A pre-registered visitor is looked up by the shell (validity dates); an unknown code stays unknown.
      return { ...unknown, category: 'visitor', problem: 'visitorCode' };
    case 'unknown':
      return unknown;
  }
}
