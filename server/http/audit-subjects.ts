import type { Kysely } from 'kysely';
import type { AuditSubject, AuditSubjectKind } from '../../protocol/accounts.ts';
import type { Database } from '../db/schema.ts';

/** The detail keys that name a thing, and what kind of thing each names. */
const SUBJECT_KEYS: Readonly<Record<string, AuditSubjectKind>> = {
  personId: 'person',
  personIds: 'person',
  householdId: 'household',
  gateId: 'gate',
  userId: 'user',
  deviceId: 'device',
  watchEntryId: 'watch',
  visitorPassId: 'visitor',
  vehicleId: 'vehicle',
  eventId: 'fever-event',
  entryId: 'entry',
  communityId: 'community',
  nodeId: 'node',
};

function address(row: { building: string; unit: string; room: string }): string {
  return `${row.building}${row.unit}${row.room}`;
}

type Labels = Map<string, string>;

/** One query per kind of thing on the page, each answering id → words. */
async function labelsOf(db: Kysely<Database>, kind: AuditSubjectKind, ids: string[]): Promise<Labels> {
  if (ids.length === 0) return new Map();
  switch (kind) {
    case 'person': {
      const rows = await db
        .selectFrom('persons')
        .leftJoin('households', 'households.id', 'persons.household_id')
        .select(['persons.id', 'persons.name', 'households.building', 'households.unit', 'households.room'])
        .where('persons.id', 'in', ids)
        .execute();
      return new Map(
        rows.map((r) => [
          r.id,
          r.building !== null && r.unit !== null && r.room !== null
            ? `${r.name}（${address({ building: r.building, unit: r.unit, room: r.room })}）`
            : r.name,
        ]),
      );
    }
    case 'household': {
      const rows = await db.selectFrom('households').select(['id', 'building', 'unit', 'room']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, address(r)]));
    }
    case 'gate': {
      const rows = await db.selectFrom('gates').select(['id', 'name']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    }
    case 'user': {
      const rows = await db.selectFrom('users').select(['id', 'username']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, r.username]));
    }
    case 'device': {
      const rows = await db
        .selectFrom('devices')
        .innerJoin('gates', 'gates.id', 'devices.gate_id')
        .select(['devices.id', 'devices.label', 'gates.name'])
        .where('devices.id', 'in', ids)
        .execute();
      return new Map(rows.map((r) => [r.id, `${r.label ?? r.id} · ${r.name}`]));
    }
    case 'watch': {
      const rows = await db
        .selectFrom('watch_entries')
        .leftJoin('persons', 'persons.id', 'watch_entries.person_id')
        .leftJoin('households', 'households.id', 'watch_entries.household_id')
        .select(['watch_entries.id', 'persons.name', 'households.building', 'households.unit', 'households.room'])
        .where('watch_entries.id', 'in', ids)
        .execute();
      return new Map(
        rows.map((r) => [
          r.id,
          r.name ??
            (r.building !== null && r.unit !== null && r.room !== null
              ? address({ building: r.building, unit: r.unit, room: r.room })
              : r.id),
        ]),
      );
    }
    case 'visitor': {
      const rows = await db.selectFrom('visitor_passes').select(['id', 'name', 'code']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, `${r.name} · ${r.code}`]));
    }
    case 'vehicle': {
      const rows = await db.selectFrom('vehicles').select(['id', 'plate']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, r.plate]));
    }
    case 'fever-event': {
      const rows = await db
        .selectFrom('fever_events')
        .leftJoin('persons', 'persons.id', 'fever_events.person_id')
        .select(['fever_events.id', 'persons.name', 'fever_events.subject_name'])
        .where('fever_events.id', 'in', ids)
        .execute();
      return new Map(rows.flatMap((r) => ((r.name ?? r.subject_name) ? [[r.id, (r.name ?? r.subject_name)!]] : [])));
    }
    case 'entry': {
      const rows = await db
        .selectFrom('entries')
        .innerJoin('gates', 'gates.id', 'entries.gate_id')
        .leftJoin('persons', 'persons.id', 'entries.person_id')
        .select(['entries.id', 'persons.name', 'entries.subject_name', 'gates.name as gateName'])
        .where('entries.id', 'in', ids)
        .execute();
      return new Map(rows.map((r) => [r.id, `${r.name ?? r.subject_name ?? '—'} · ${r.gateName}`]));
    }
    case 'node': {
      // A node id may name a compound too (the roll-ups take either).
      const nodes = await db.selectFrom('org_nodes').select(['id', 'name']).where('id', 'in', ids).execute();
      const compounds = await db.selectFrom('communities').select(['id', 'name']).where('id', 'in', ids).execute();
      return new Map([...compounds, ...nodes].map((r) => [r.id, r.name]));
    }
    case 'community': {
      const rows = await db.selectFrom('communities').select(['id', 'name']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    }
  }
}

function idsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/**
 * The things each audit row names (a person, a household, an account…), described in words for
 * the admin: ids are for machines. A thing deleted since keeps its id and gets a null label.
 */
export async function describeAuditSubjects(
  db: Kysely<Database>,
  details: readonly Record<string, unknown>[],
): Promise<AuditSubject[][]> {
  const wanted = new Map<AuditSubjectKind, Set<string>>();
  for (const detail of details)
    for (const [key, kind] of Object.entries(SUBJECT_KEYS))
      for (const id of idsIn(detail[key])) {
        const set = wanted.get(kind) ?? new Set<string>();
        set.add(id);
        wanted.set(kind, set);
      }
  const labels = new Map<AuditSubjectKind, Labels>();
  for (const [kind, ids] of wanted) labels.set(kind, await labelsOf(db, kind, [...ids]));
  return details.map((detail) =>
    Object.entries(SUBJECT_KEYS).flatMap(([key, kind]) =>
      idsIn(detail[key]).map((id) => ({ kind, id, label: labels.get(kind)?.get(id) ?? null })),
    ),
  );
}
