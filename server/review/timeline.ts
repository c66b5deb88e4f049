import type { Kysely } from 'kysely';
import type { TimelineResponse } from '../../protocol/review-queries.ts';
import type { Database } from '../db/schema.ts';
import { filteredEntries, toEntryView } from './entry-views.ts';
import { gateCompounds, traceIdentity, tracedPassages, tracesAcross } from './trace.ts';
import { findPersonSummary } from './person-summaries.ts';
import type { Scope } from '../org/scope.ts';

const DAY_MS = 24 * 60 * 60_000;
/**
 * More than a resident passing ten times a day makes in 14 days, and as many rows as anyone reads
 * on one screen; beyond it the newest are kept (the entry log, filtered by person, pages through
 * all of them). Each row is a full view, so the bound is also what the busiest timeline costs.
 */
export const TIMELINE_LIMIT = 500;

/**
 * A roster person's passages over the last `days` days, oldest first; null when the person is not
 * in scope. Above a compound, traced through every compound in scope by the person's roster rows
 * and ID hash (trace.ts); a compound's staff see its own gates.
 */
export async function personTimeline(
  db: Kysely<Database>,
  personId: string,
  days: number,
  now: Date,
  scope: Scope,
): Promise<TimelineResponse | null> {
  const person = await findPersonSummary(db, personId, scope);
  if (!person) return null;
  const since = new Date(now.getTime() - days * DAY_MS);
  const tracedAcross = await tracesAcross(db, scope);
  let rows;
  if (tracedAcross) {
    const identity = await traceIdentity(db, personId, scope);
    rows = identity ? await tracedPassages(db, identity, since, scope, TIMELINE_LIMIT + 1) : [];
  } else {
    rows = await filteredEntries(db, { personId, from: since.toISOString() }, scope)
      .limit(TIMELINE_LIMIT + 1)
      .execute();
  }
  const truncated = rows.length > TIMELINE_LIMIT;
  const entries = rows.slice(0, TIMELINE_LIMIT).map(toEntryView).reverse();
  const compounds = await gateCompounds(
    db,
    entries.map((entry) => entry.gateId),
  );
  return { person, since: since.toISOString(), entries, truncated, tracedAcross, compounds };
}
