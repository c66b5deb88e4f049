/**
 * The smallest UUIDv7 minted in the given millisecond. Entry ids are UUIDv7 made at the kiosk
 * with the passage, so `id >= floor(from) AND id < floor(to)` selects a time range on the primary
 * key (and the gate / person indexes that end in id), in UTC whatever offset the gate wrote.
 */
export function uuidv7Floor(at: Date): string {
  const ms = at.getTime();
  if (!Number.isFinite(ms) || ms < 0 || ms >= 2 ** 48) throw new RangeError(`no UUIDv7 for time ${String(at)}`);
  const hex = ms.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
}

/** Milliseconds since the epoch stored in a UUIDv7's first 48 bits. */
export function uuidv7Time(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
