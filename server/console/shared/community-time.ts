import { COMMUNITY_TIME_ZONE, communityDate } from '../../../protocol/community-date.ts';
import { zonedTime } from '../../../protocol/zoned-time.ts';

export { addDays } from '../../../protocol/community-date.ts';

/**
 * The community's clock for the whole console: days and hours are the community's, whatever zone
 * the office PC is set to. The shell sets the zone from the community settings before any page
 * renders; until then (and for a server that does not say) it is the zone communities had before
 * it became a setting.
 */
let communityZone = COMMUNITY_TIME_ZONE;

export function setCommunityTimeZone(timeZone: string): void {
  communityZone = timeZone;
}

export function communityTimeZone(): string {
  return communityZone;
}

/** Each compound's own zone, and which compound each gate belongs to, for pages that list several compounds. */
const compoundZones = new Map<string, string>();
const gateCompounds = new Map<string, string>();

export function setCompoundClocks(
  compounds: readonly { id: string; timeZone: string }[],
  gates: readonly { id: string; communityId: string }[],
): void {
  compoundZones.clear();
  gateCompounds.clear();
  for (const c of compounds) compoundZones.set(c.id, c.timeZone);
  for (const g of gates) gateCompounds.set(g.id, g.communityId);
}

/** The zone a row is shown in: its gate's compound's, else the console's. */
export function zoneOf(where: { gateId?: string | undefined; compoundId?: string | undefined } = {}): string {
  const compound = where.compoundId ?? (where.gateId ? gateCompounds.get(where.gateId) : undefined);
  return (compound ? compoundZones.get(compound) : undefined) ?? communityZone;
}

/** True when the compounds in view keep more than one zone: each time then says its offset, so rows stay comparable. */
export function severalZones(): boolean {
  return new Set(compoundZones.values()).size > 1;
}

/** Today's date (`YYYY-MM-DD`) in the community. */
export function communityToday(now: Date = new Date()): string {
  return communityDate(now, communityZone);
}

/**
 * A `datetime-local` value (community wall time, no offset) as an instant: the offset is the
 * community's at that wall time, not the office PC's.
 */
export function communityWallTimeToInstant(value: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return undefined;
  const asUtc = Date.parse(`${match[1]}T${match[2]}:${match[3]}:00Z`);
  // The zone's offset at that moment, read back from the zone itself (twice, for a change of offset in between).
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const local = zonedTime(new Date(guess), communityZone);
    const shownAsUtc = Date.parse(`${local.date}T${local.time}Z`);
    guess -= shownAsUtc - asUtc;
  }
  return new Date(guess).toISOString();
}
