import type { RosterHousehold } from '../protocol/index.ts';

/** The letters and digits of an address part: "1栋" → "1", "A座" → "a", "502" → "502". */
const bare = (text: string): string[] => text.toLowerCase().match(/[0-9a-z]+/g) ?? [];

/**
 * The households a guard's typed address names, in roster order, at most `limit`. Groups of digits
 * or letters ("1-502", "1栋502", "1 2 203"): the first is the building, the others name unit or
 * room in order, the last only by its beginning (so "1-50" already narrows). One group alone
 * ("502") is the beginning of any part. A roster of thousands of households cannot be a list to
 * scroll with gloves on.
 */
export function matchHouseholds(households: readonly RosterHousehold[], typed: string, limit: number): RosterHousehold[] {
  const wanted = bare(typed);
  if (wanted.length === 0) return households.slice(0, limit);
  const matches: RosterHousehold[] = [];
  for (const household of households) {
    const parts = [household.building, household.unit, household.room].map((part) => bare(part).join(''));
    let at = 0;
    const named =
      wanted.length === 1
        ? parts.some((part) => part.startsWith(wanted[0]!))
        : wanted.every((group, index) => {
            const last = index === wanted.length - 1;
            // The first group is the building: "1-502" is not room 502 of building 12's unit 1.
            if (index === 0) return parts[at++] === group;
            while (at < parts.length) {
              const part = parts[at++]!;
              if (part === group || (last && part.startsWith(group))) return true;
            }
            return false;
          });
    if (named) matches.push(household);
    if (matches.length === limit) break;
  }
  return matches;
}
