import type { RosterSnapshot, VisitorPass } from '../protocol/index.ts';
import type { Identity } from './identify.ts';

/** A scanned visitor code (`V-…`) matched against the roster's pre-registrations valid today. */
export function findVisitorPass(code: string, roster: RosterSnapshot | undefined, today: string): VisitorPass | null {
  if (!roster) return null;
  const bare = code.startsWith('V-') ? code.slice(2) : code;
  return (
    roster.visitors.find((v) => (v.code === code || v.code === bare) && v.validFrom <= today && v.validUntil >= today) ?? null
  );
}

export function visitorIdentity(pass: VisitorPass, roster: RosterSnapshot | undefined): Identity {
  const host = roster?.households.find((h) => h.id === pass.hostHouseholdId);
  return {
    category: 'visitor',
    personId: null,
    name: pass.name,
    room: host ? `${host.building} ${host.unit} ${host.room}` : null,
    idHash: null,
    idMasked: null,
    flags: [],
    problem: null,
    problemDetail: null,
  };
}
