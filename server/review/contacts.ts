import type { Kysely } from 'kysely';
import type { ContactView, ContactsQuery, ContactsResponse } from '../../protocol/review-queries.ts';
import type { EntryView } from '../../protocol/review.ts';
import type { Database } from '../db/schema.ts';
import { filteredEntries, toEntryView } from '../entry-views.ts';
import { uuidv7Floor } from './entry-id-bounds.ts';

const DAY_MS = 24 * 60 * 60_000;
const MINUTE_MS = 60_000;
export const MAX_SOURCES = 200;
export const MAX_CONTACTS = 1000;

export type ContactsOutcome = { ok: true; value: ContactsResponse } | { ok: false; reason: 'entry-not-found' };

async function sourceEntries(db: Kysely<Database>, query: ContactsQuery, now: Date): Promise<{ sources: EntryView[]; truncated: boolean } | null> {
  if (query.entryId) {
    const row = await filteredEntries(db, {}).where('entries.id', '=', query.entryId).executeTakeFirst();
    return row ? { sources: [toEntryView(row)], truncated: false } : null;
  }
  const since = new Date(now.getTime() - query.days * DAY_MS).toISOString();
  const rows = await filteredEntries(db, { personId: query.personId, from: since }).limit(MAX_SOURCES + 1).execute();
  return { sources: rows.slice(0, MAX_SOURCES).map(toEntryView), truncated: rows.length > MAX_SOURCES };
}

/**
 * Everyone who passed the same gate within ±minutes of each source passage (one entry, or every
 * passage of a person in the last days), other than the source person. A contact near several
 * passages is listed once, at its nearest one.
 */
export async function findContacts(db: Kysely<Database>, query: ContactsQuery, now: Date): Promise<ContactsOutcome> {
  const found = await sourceEntries(db, query, now);
  if (!found) return { ok: false, reason: 'entry-not-found' };
  const sourceIds = new Set(found.sources.map((s) => s.id));
  const byEntry = new Map<string, ContactView>();
  let truncated = found.truncated;
  for (const source of found.sources) {
    const at = Date.parse(source.occurredAt);
    let select = filteredEntries(db, { gateId: source.gateId })
      .where('entries.id', '>=', uuidv7Floor(new Date(at - query.minutes * MINUTE_MS)))
      .where('entries.id', '<', uuidv7Floor(new Date(at + query.minutes * MINUTE_MS + 1)))
      .limit(MAX_CONTACTS + 1);
    if (source.personId !== null) {
      const personId = source.personId;
      select = select.where((eb) => eb.or([eb('entries.person_id', 'is', null), eb('entries.person_id', '!=', personId)]));
    }
    const rows = await select.execute();
    if (rows.length > MAX_CONTACTS) truncated = true;
    for (const row of rows) {
      if (sourceIds.has(row.id)) continue;
      const entry = toEntryView(row);
      const gapMinutes = Math.round((Date.parse(entry.occurredAt) - at) / 6_000) / 10;
      const known = byEntry.get(entry.id);
      if (!known || Math.abs(gapMinutes) < Math.abs(known.gapMinutes)) byEntry.set(entry.id, { entry, nearEntryId: source.id, gapMinutes });
    }
  }
  const contacts = [...byEntry.values()].sort((a, b) => (a.entry.id < b.entry.id ? -1 : 1));
  if (contacts.length > MAX_CONTACTS) truncated = true;
  return { ok: true, value: { sources: found.sources, contacts: contacts.slice(0, MAX_CONTACTS), truncated } };
}
