import type { RosterHousehold, RosterPerson, RosterSnapshot } from '../protocol/index.ts';

export interface PersonQuery {
  building: string;
  unit: string;
  room: string;
  name: string;
  phoneTail: string;
}

export interface PersonMatch {
  person: RosterPerson;
  household: RosterHousehold | null;
}

/** The guard's manual look-up in the cached roster: every filled field must match. */
export function searchPersons(roster: RosterSnapshot | undefined, query: PersonQuery, limit = 30): PersonMatch[] {
  if (!roster) return [];
  const households = new Map(roster.households.map((h) => [h.id, h]));
  const name = query.name.trim();
  const tail = query.phoneTail.trim();
  const room = query.room.trim();
  if (!query.building && !query.unit && !room && !name && !tail) return [];
  const matches: PersonMatch[] = [];
  for (const person of roster.persons) {
    const household = person.householdId ? (households.get(person.householdId) ?? null) : null;
    if (query.building && household?.building !== query.building) continue;
    if (query.unit && household?.unit !== query.unit) continue;
    if (room && household?.room !== room) continue;
    if (name && !person.name.includes(name)) continue;
    if (tail && person.phoneTail !== tail) continue;
    matches.push({ person, household });
    if (matches.length === limit) break;
  }
  return matches;
}

export function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => a.localeCompare(b, 'zh-CN', { numeric: true }));
}
