import { sql } from 'kysely';
import { addDays, communityDate } from '../protocol/community-date.ts';
import type { EntryFilterQuery } from '../protocol/review-queries.ts';
import type { RollupQuery } from '../protocol/rollups.ts';
import { openPostgresDatabase } from '../server/db/open-database.ts';
import type { Scope } from '../server/org/scope.ts';
import { findContacts } from '../server/review/contacts.ts';
import { checkCompounds } from '../server/review/epidemic-free.ts';
import { listEntryViews } from '../server/review/entry-views.ts';
import { personTimeline } from '../server/review/timeline.ts';
import { rollup } from '../server/rollups/rollups.ts';
import type { DistrictDataset } from './district-dataset.ts';
import { courierHome, districtScopes, ensureDistrictSituation } from './district-situation.ts';
import { summarize, type LatencySummary } from './latency-summary.ts';

export type DistrictScope = 'compound' | 'street' | 'district';

export interface DistrictQueryFigure {
  scope: DistrictScope;
  query: string;
  latency: LatencySummary;
  /** Rows or items in the last answer, so an empty (too easy) answer shows. */
  answered: number;
}

const DAY_MS = 86_400_000;

/**
 * The queries a compound's, a street office's and the district's staff make, each through the
 * function its route calls (the entry log, a resident's timeline, contacts, the roll-ups of
 * server/rollups, the epidemic-free check) with the scope the route would pass for a user at that
 * node of the tree. Measured at the database, not over HTTP: the route layer adds the same few
 * milliseconds at any size.
 */
export async function measureDistrictQueries(dataset: DistrictDataset, rounds: number): Promise<DistrictQueryFigure[]> {
  const db = openPostgresDatabase(dataset.databaseUrl, { maxConnections: 4 });
  try {
    const now = new Date(dataset.endMs - 1);
    await ensureDistrictSituation(db, dataset, now);
    const compound = (i: number) => dataset.compounds[(i * 37) % dataset.compounds.length]!;
    const compoundScope = (i: number) => districtScopes.compound(compound(i).id);
    const streetScope = (i: number) => districtScopes.street(i % dataset.streets.length);
    const district = districtScopes.district;
    const courierIndex = (i: number) => (i * 13) % dataset.courierIds.length;
    const courier = (i: number) => dataset.courierIds[courierIndex(i)]!;
    const courierStreet = (i: number) => courierHome(dataset, courierIndex(i)).street;
    const dayStart = (i: number) => new Date(dataset.endMs - (1 + (i % 20)) * DAY_MS);
    const oneDay = (i: number) => ({
      from: dayStart(i).toISOString(),
      to: new Date(dayStart(i).getTime() + DAY_MS).toISOString(),
    });
    const today = communityDate(now);
    const day = { from: today, to: today };
    const fortnight = { from: addDays(today, -13), to: today };
    const log = async (scope: Scope, filter: Partial<EntryFilterQuery> = {}) =>
      (await listEntryViews(db, { limit: 50, ...filter }, scope)).length;
    const rolledUp = async (scope: Scope, query: RollupQuery) => (await rollup(db, scope, query, now)).children.length;
    const queries: { scope: DistrictScope; name: string; run: (i: number) => Promise<number> }[] = [
      { scope: 'compound', name: 'entry log, newest 50', run: (i) => log(compoundScope(i)) },
      { scope: 'compound', name: 'entry log, one day', run: (i) => log(compoundScope(i), oneDay(i)) },
      {
        scope: 'compound',
        name: 'a resident’s timeline, 14 days',
        run: async (i) => (await personTimeline(db, compound(i).personIds[0]!, 14, now, compoundScope(i)))?.entries.length ?? 0,
      },
      { scope: 'compound', name: 'roll-up, one day', run: (i) => rolledUp(compoundScope(i), day) },
      { scope: 'street', name: 'entry log, newest 50', run: (i) => log(streetScope(i)) },
      { scope: 'street', name: 'entry log, one day', run: (i) => log(streetScope(i), oneDay(i)) },
      { scope: 'street', name: 'roll-up, one day', run: (i) => rolledUp(streetScope(i), day) },
      { scope: 'street', name: 'roll-up, 14 days', run: (i) => rolledUp(streetScope(i), fortnight) },
      { scope: 'district', name: 'entry log, newest 50', run: () => log(district) },
      {
        scope: 'district',
        name: 'a courier’s passages across compounds, 14 days (newest 500)',
        run: (i) =>
          log(district, { personId: courier(i), from: new Date(now.getTime() - 14 * DAY_MS).toISOString(), limit: 500 }),
      },
      {
        scope: 'street',
        name: 'a courier traced through the street’s compounds, 14 days (roster and ID hash)',
        run: async (i) => (await personTimeline(db, courier(i), 14, now, streetScope(courierStreet(i))))?.entries.length ?? 0,
      },
      {
        scope: 'district',
        name: 'a courier traced through all compounds, 14 days (roster and ID hash)',
        run: async (i) => (await personTimeline(db, courier(i), 14, now, district))?.entries.length ?? 0,
      },
      {
        scope: 'district',
        name: 'a courier’s contacts across compounds, 14 days ±15 min',
        run: async (i) => {
          const found = await findContacts(db, { personId: courier(i), days: 14, minutes: 15 }, now, district);
          return found.ok ? found.value.contacts.length : 0;
        },
      },
      { scope: 'district', name: 'roll-up, one day', run: () => rolledUp(district, day) },
      { scope: 'district', name: 'roll-up, 14 days', run: () => rolledUp(district, fortnight) },
      {
        scope: 'district',
        name: `epidemic-free check, all ${dataset.compounds.length} compounds`,
        run: async () => (await checkCompounds(db, now, district)).length,
      },
    ];
    const figures: DistrictQueryFigure[] = [];
    for (const query of queries) {
      const samples: number[] = [];
      let answered = 0;
      for (let i = -3; i < rounds; i++) {
        const started = performance.now();
        answered = await query.run(Math.abs(i));
        if (i >= 0) samples.push(performance.now() - started);
      }
      figures.push({ scope: query.scope, query: query.name, latency: summarize(samples), answered });
    }
    const size = await sql<{ bytes: string }>`select pg_database_size(current_database()) as bytes`.execute(db);
    figures.push({
      scope: 'district',
      query: 'database size (MiB)',
      latency: summarize([Number(size.rows[0]!.bytes) / 2 ** 20]),
      answered: 0,
    });
    return figures;
  } finally {
    await db.destroy();
  }
}
