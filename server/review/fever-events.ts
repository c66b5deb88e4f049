import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { abandonReasonOf, decidingReading, Reading, type EntryRecord } from '../../protocol/entry.ts';
import { readingViews } from '../../protocol/review.ts';
import {
  FeverFollowUpInput,
  type FeverEventView,
  type FeverFollowUpView,
  type FeverListQuery,
} from '../../protocol/review-queries.ts';
import type { Database, FeverEventsTable } from '../db/schema.ts';
import { compoundIdsIn, isTopScope, type Scope } from '../org/scope.ts';

/** The fever event a newly stored record opens, or null when it is not flagged fever (the bench loads the same rows). */
export function feverEventRow(record: EntryRecord, id: string): FeverEventsTable | null {
  if (!record.flags.includes('fever')) return null;
  const reading = decidingReading(record.readings);
  return {
    id,
    entry_id: record.id,
    gate_id: record.gateId,
    occurred_at: record.occurredAt,
    category: record.subject.category,
    person_id: record.subject.personId,
    subject_name: record.subject.name,
    id_masked: record.subject.idMasked,
    reading_c: reading?.valueC ?? null,
    reading_source: reading?.source ?? null,
    readings: JSON.stringify(record.readings),
    abandon_reason: abandonReasonOf(record),
    status: 'open',
    closed_at: null,
  };
}

/** Opens one fever event per newly stored record flagged fever; runs inside the ingest transaction. */
export async function openFeverEvents(db: Kysely<Database>, records: readonly EntryRecord[]): Promise<void> {
  const rows = records.flatMap((record) => feverEventRow(record, uuidv7()) ?? []);
  if (rows.length > 0)
    await db
      .insertInto('fever_events')
      .values(rows)
      .onConflict((oc) => oc.column('entry_id').doNothing())
      .execute();
}

async function loadFollowUps(db: Kysely<Database>, eventIds: readonly string[]): Promise<Map<string, FeverFollowUpView[]>> {
  const byEvent = new Map<string, FeverFollowUpView[]>();
  if (eventIds.length === 0) return byEvent;
  const rows = await db
    .selectFrom('fever_follow_ups')
    .leftJoin('users', 'users.id', 'fever_follow_ups.user_id')
    .select([
      'fever_follow_ups.id',
      'fever_follow_ups.event_id',
      'fever_follow_ups.at',
      'fever_follow_ups.step',
      'users.username',
    ])
    .where('fever_follow_ups.event_id', 'in', eventIds)
    .orderBy('fever_follow_ups.id')
    .execute();
  for (const row of rows) {
    const list = byEvent.get(row.event_id) ?? [];
    // Written by recordFollowUp from a validated step, so a parse failure here is a bug worth a 500.
    list.push({ id: row.id, at: row.at, by: row.username, step: FeverFollowUpInput.parse(JSON.parse(row.step)) });
    byEvent.set(row.event_id, list);
  }
  return byEvent;
}

const StoredReadings = z.array(Reading);

/** The event's readings, the deciding one marked; written at ingest (or by 0060) from a validated record. */
function eventReadings(stored: string | null) {
  if (stored === null) return [];
  const readings = StoredReadings.parse(JSON.parse(stored));
  return readingViews(readings, decidingReading(readings));
}

function eventsSelect(db: Kysely<Database>, scope: Scope) {
  const select = db
    .selectFrom('fever_events')
    .innerJoin('gates', 'gates.id', 'fever_events.gate_id')
    .leftJoin('persons', 'persons.id', 'fever_events.person_id')
    .selectAll('fever_events')
    .select(['gates.name as gate_name', 'persons.name as roster_name']);
  return isTopScope(scope) ? select : select.where('gates.community_id', 'in', compoundIdsIn(db, scope));
}

type EventRow = FeverEventsTable & { gate_name: string; roster_name: string | null };

async function toViews(db: Kysely<Database>, rows: EventRow[]): Promise<FeverEventView[]> {
  const followUps = await loadFollowUps(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    entryId: row.entry_id,
    occurredAt: row.occurred_at,
    gateId: row.gate_id,
    gateName: row.gate_name,
    personId: row.person_id,
    personName: row.roster_name ?? row.subject_name,
    idMasked: row.id_masked,
    category: row.category,
    reading: row.reading_c !== null && row.reading_source !== null ? { valueC: row.reading_c, source: row.reading_source } : null,
    readings: eventReadings(row.readings),
    abandonReason: row.abandon_reason,
    status: row.status,
    followUps: followUps.get(row.id) ?? [],
  }));
}

/** Newest first; `before` pages back from an event id (UUIDv7, so time order). */
export async function listFeverEvents(db: Kysely<Database>, query: FeverListQuery, scope: Scope): Promise<FeverEventView[]> {
  let select = eventsSelect(db, scope).orderBy('fever_events.id', 'desc').limit(query.limit);
  if (query.status) select = select.where('fever_events.status', '=', query.status);
  if (query.before) select = select.where('fever_events.id', '<', query.before);
  return toViews(db, await select.execute());
}

export async function findFeverEvent(db: Kysely<Database>, id: string, scope: Scope): Promise<FeverEventView | null> {
  const row = await eventsSelect(db, scope).where('fever_events.id', '=', id).executeTakeFirst();
  return row ? ((await toViews(db, [row]))[0] ?? null) : null;
}

export type FollowUpOutcome = { ok: true; event: FeverEventView } | { ok: false; reason: 'not-found' | 'closed' };

/** Appends one step; a `closed` step closes the event, and a closed event takes no more steps. */
export async function recordFollowUp(
  db: Kysely<Database>,
  input: { eventId: string; userId: string; at: string; step: FeverFollowUpInput },
  scope: Scope,
): Promise<FollowUpOutcome> {
  // An event outside the caller's scope is answered as one that does not exist.
  if (!(await findFeverEvent(db, input.eventId, scope))) return { ok: false, reason: 'not-found' };
  const outcome = await db.transaction().execute(async (trx) => {
    const event = await trx
      .selectFrom('fever_events')
      .select(['id', 'status'])
      .where('id', '=', input.eventId)
      .executeTakeFirst();
    if (!event) return 'not-found' as const;
    if (event.status === 'closed') return 'closed' as const;
    await trx
      .insertInto('fever_follow_ups')
      .values({
        id: uuidv7(),
        event_id: event.id,
        at: input.at,
        user_id: input.userId,
        kind: input.step.kind,
        step: JSON.stringify(input.step),
      })
      .execute();
    if (input.step.kind === 'closed') {
      await trx.updateTable('fever_events').set({ status: 'closed', closed_at: input.at }).where('id', '=', event.id).execute();
    }
    return 'recorded' as const;
  });
  if (outcome !== 'recorded') return { ok: false, reason: outcome };
  const event = await findFeverEvent(db, input.eventId, scope);
  return event ? { ok: true, event } : { ok: false, reason: 'not-found' };
}
