import type { Kysely } from 'kysely';
import { z } from 'zod';
import { EntryFlag } from '../protocol/entry.ts';
import type { EntryListQuery, EntryView } from '../protocol/review.ts';
import type { Database } from './db/schema.ts';

const StoredFlags = z.array(EntryFlag);

/** Newest first by entry id (UUIDv7, so creation order); `before` pages back from a given entry. */
export async function listEntryViews(db: Kysely<Database>, query: EntryListQuery): Promise<EntryView[]> {
  let select = db
    .selectFrom('entries')
    .innerJoin('gates', 'gates.id', 'entries.gate_id')
    .leftJoin('persons', 'persons.id', 'entries.person_id')
    .select([
      'entries.id as id',
      'entries.occurred_at as occurredAt',
      'entries.received_at as receivedAt',
      'entries.gate_id as gateId',
      'gates.name as gateName',
      'entries.device_id as deviceId',
      'entries.direction as direction',
      'entries.category as category',
      'entries.person_id as personId',
      'persons.name as rosterName',
      'entries.subject_name as subjectName',
      'entries.id_masked as idMasked',
      'entries.highest_temp_c as highestTempC',
      'entries.highest_temp_source as highestTempSource',
      'entries.decision as decision',
      'entries.flags as flags',
    ])
    .orderBy('entries.id', 'desc')
    .limit(query.limit);
  if (query.before) select = select.where('entries.id', '<', query.before);
  const rows = await select.execute();
  return rows.map((row) => ({
    id: row.id,
    occurredAt: row.occurredAt,
    receivedAt: row.receivedAt,
    gateId: row.gateId,
    gateName: row.gateName,
    deviceId: row.deviceId,
    direction: row.direction,
    category: row.category,
    personId: row.personId,
    personName: row.rosterName ?? row.subjectName,
    idMasked: row.idMasked,
    highestReading: row.highestTempC !== null && row.highestTempSource !== null ? { valueC: row.highestTempC, source: row.highestTempSource } : null,
    decision: row.decision,
    // Written by ingest from a validated record, so a parse failure here is a bug worth a 500.
    flags: StoredFlags.parse(JSON.parse(row.flags)),
  }));
}
