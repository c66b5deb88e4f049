import type { Kysely } from 'kysely';
import type { ContactView, ContactsQuery, ContactsResponse } from '../../protocol/review-queries.ts';
import type { EntryView } from '../../protocol/review.ts';
import type { Database } from '../db/schema.ts';
import { entryViewsSelect, filteredEntries, toEntryView } from './entry-views.ts';
import { uuidv7Floor } from './entry-id-bounds.ts';
import type { Scope } from '../org/scope.ts';
import { gateCompounds, traceIdentity, tracedPassages, tracesAcross, type TraceIdentity } from './trace.ts';

const DAY_MS = 24 * 60 * 60_000;
const MINUTE_MS = 60_000;
export const MAX_SOURCES = 200;
export const MAX_CONTACTS = 1000;

export type ContactsOutcome = { ok: true; value: ContactsResponse } | { ok: false; reason: 'entry-not-found' };

async function sourceEntries(
  db: Kysely<Database>,
  query: ContactsQuery,
  now: Date,
  scope: Scope,
  identity: TraceIdentity | null,
): Promise<{ sources: EntryView[]; truncated: boolean } | null> {
  if (query.entryId) {
    const row = await filteredEntries(db, {}, scope).where('entries.id', '=', query.entryId).executeTakeFirst();
    return row ? { sources: [toEntryView(row)], truncated: false } : null;
  }
  const since = new Date(now.getTime() - query.days * DAY_MS);
  let rows;
  if (identity) {
    rows = await tracedPassages(db, identity, since, scope, MAX_SOURCES + 1);
  } else {
    rows = await filteredEntries(db, { personId: query.personId, from: since.toISOString() }, scope)
      .limit(MAX_SOURCES + 1)
      .execute();
  }
  return { sources: rows.slice(0, MAX_SOURCES).map(toEntryView), truncated: rows.length > MAX_SOURCES };
}

/** A source passage's window at its gate, as UUIDv7 bounds: ids from `from` up to, not including, `to`. */
interface Window {
  gateId: string;
  from: string;
  to: string;
}

function windowOf(source: EntryView, minutes: number): Window {
  const at = Date.parse(source.occurredAt);
  return {
    gateId: source.gateId,
    from: uuidv7Floor(new Date(at - minutes * MINUTE_MS)),
    to: uuidv7Floor(new Date(at + minutes * MINUTE_MS + 1)),
  };
}

/** Overlapping windows at one gate become one, so no passage is read twice. */
function mergeWindows(windows: readonly Window[]): Window[] {
  const sorted = [...windows].sort((a, b) =>
    a.gateId !== b.gateId ? (a.gateId < b.gateId ? -1 : 1) : a.from < b.from ? -1 : a.from > b.from ? 1 : 0,
  );
  const merged: Window[] = [];
  for (const window of sorted) {
    const last = merged.at(-1);
    if (last && last.gateId === window.gateId && window.from <= last.to) {
      if (window.to > last.to) last.to = window.to;
    } else {
      merged.push({ ...window });
    }
  }
  return merged;
}

/** Who is not a contact of themselves: the person's roster rows, and the source passages (a passage without a roster person). */
interface Exclusion {
  personIds: readonly string[];
  entryIds: readonly string[];
}

/**
 * One statement over some windows: each a walk of the (gate, id, person) index in id order,
 * leaving out the source person (or, for a passage without one, the source entries), below
 * `below` when given, and cut at `limit` ids; ORDER BY … LIMIT over the UNION ALL keeps the first
 * `limit` ids of all. The cut inside each walk is what lets PostgreSQL merge the walks (Merge
 * Append) and stop early, where it would otherwise sort every passage in every window.
 */
async function walkWindows(
  db: Kysely<Database>,
  windows: readonly Window[],
  exclude: Exclusion,
  below: string | undefined,
  limit: number,
): Promise<string[]> {
  const walk = (window: Window, index: number) => {
    let select = db
      .selectFrom('entries')
      .select('entries.id')
      .where('entries.gate_id', '=', window.gateId)
      .where('entries.id', '>=', window.from)
      .where('entries.id', '<', below !== undefined && below < window.to ? below : window.to);
    if (exclude.personIds.length > 0)
      select = select.where((eb) =>
        eb.or([eb('entries.person_id', 'is', null), eb('entries.person_id', 'not in', exclude.personIds)]),
      );
    // Only the source passages inside this window can be in it.
    const sourcesHere = exclude.entryIds.filter((id) => id >= window.from && id < window.to);
    if (sourcesHere.length > 0) select = select.where('entries.id', 'not in', sourcesHere);
    return db.selectFrom(select.orderBy('entries.id').limit(limit).as(`w${index}`)).select('id');
  };
  const [first, ...rest] = windows.map(walk);
  if (!first) return [];
  const rows = await rest
    .reduce((all, next) => all.unionAll(next), first)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * The first `limit` contact ids in id order. Windows are taken in time order, one, then two, then
 * four at a time; once `limit` ids are in hand, the last of them bounds every later walk and
 * windows that start after it are never read. A busy person's 200 passages cover tens of
 * thousands of passages of others, but the answer reads little more than the ids it keeps.
 */
async function contactIds(
  db: Kysely<Database>,
  windows: readonly Window[],
  exclude: Exclusion,
  limit: number,
): Promise<string[]> {
  const inTimeOrder = [...windows].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  let found: string[] = [];
  let next = 0;
  for (let batch = 1; next < inTimeOrder.length; batch *= 2) {
    const below = found.length >= limit ? found[limit - 1] : undefined;
    const taken = inTimeOrder.slice(next, next + batch).filter((w) => below === undefined || w.from < below);
    if (taken.length === 0) break;
    next += batch;
    const ids = await walkWindows(db, taken, exclude, below, limit);
    found = [...found, ...ids].sort().slice(0, limit);
  }
  return found;
}

/**
 * Everyone who passed the same gate within ±minutes of each source passage (one entry, or every
 * passage of a person in the last days), other than the source person. A contact near several
 * passages is listed once, at its nearest one. Beyond MAX_CONTACTS the earliest are kept.
 */
export async function findContacts(
  db: Kysely<Database>,
  query: ContactsQuery,
  now: Date,
  scope: Scope,
): Promise<ContactsOutcome> {
  // A person's contacts above a compound follow them through every compound in scope.
  const tracedAcross = query.personId !== undefined && (await tracesAcross(db, scope));
  const identity = tracedAcross && query.personId ? await traceIdentity(db, query.personId, scope) : null;
  const found = await sourceEntries(db, query, now, scope, identity);
  if (!found) return { ok: false, reason: 'entry-not-found' };
  const { sources } = found;
  // Every source is the same person's (a person's passages, or the one entry).
  const personId = sources[0]?.personId ?? null;
  const exclude: Exclusion = {
    personIds: identity?.personIds ?? (personId !== null ? [personId] : []),
    entryIds: sources.map((s) => s.id),
  };
  const windows = sources.map((source) => ({
    source,
    at: Date.parse(source.occurredAt),
    window: windowOf(source, query.minutes),
  }));
  const ids = await contactIds(db, mergeWindows(windows.map((w) => w.window)), exclude, MAX_CONTACTS + 1);
  const truncated = found.truncated || ids.length > MAX_CONTACTS;
  const kept = ids.slice(0, MAX_CONTACTS);
  const rows =
    kept.length === 0 ? [] : await entryViewsSelect(db).where('entries.id', 'in', kept).orderBy('entries.id').execute();
  const contacts: ContactView[] = [];
  for (const row of rows) {
    const entry = toEntryView(row);
    const occurred = Date.parse(entry.occurredAt);
    let nearest: { sourceId: string; gapMinutes: number } | null = null;
    for (const { source, at, window } of windows) {
      if (window.gateId !== entry.gateId || entry.id < window.from || entry.id >= window.to) continue;
      const gapMinutes = Math.round((occurred - at) / 6_000) / 10;
      if (!nearest || Math.abs(gapMinutes) < Math.abs(nearest.gapMinutes)) nearest = { sourceId: source.id, gapMinutes };
    }
    // Every id came from some source's window, so a nearest source always exists.
    if (nearest) contacts.push({ entry, nearEntryId: nearest.sourceId, gapMinutes: nearest.gapMinutes });
  }
  const compounds = await gateCompounds(
    db,
    [...sources, ...contacts.map((c) => c.entry)].map((entry) => entry.gateId),
  );
  return { ok: true, value: { sources, contacts, truncated, tracedAcross, compounds } };
}
