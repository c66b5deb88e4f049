import { sql, type Kysely } from 'kysely';
import { communityDate } from '../protocol/community-date.ts';
import { openPostgresDatabase } from '../server/db/open-database.ts';
import type { Database } from '../server/db/schema.ts';
import { findContacts } from '../server/review/contacts.ts';
import { checkCompounds } from '../server/review/epidemic-free.ts';
import { filteredEntries, toEntryView } from '../server/review/entry-views.ts';
import type { DistrictDataset } from './district-dataset.ts';
import { summarize, type LatencySummary } from './latency-summary.ts';
import { DEFAULT_TOP_SCOPE } from '../server/org/scope.ts';

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
 * Passages, visitors, vehicles, fevers and denials per compound over the days, from the hourly
 * figures ingest keeps (they outlive the entries). The roll-up a street or district asks for.
 */
function rollUp(db: Kysely<Database>, compoundIds: readonly string[] | null, from: string, to: string) {
  let select = db
    .selectFrom('daily_figures')
    .innerJoin('gates', 'gates.id', 'daily_figures.gate_id')
    .select((eb) => [
      'gates.community_id as communityId',
      eb.fn.sum<string>('daily_figures.entries').as('entries'),
      eb.fn.sum<string>('daily_figures.visitors').as('visitors'),
      eb.fn.sum<string>('daily_figures.vehicles').as('vehicles'),
      eb.fn.sum<string>('daily_figures.fevers').as('fevers'),
      eb.fn.sum<string>('daily_figures.denied').as('denied'),
    ])
    .where('daily_figures.day', '>=', from)
    .where('daily_figures.day', '<=', to)
    .groupBy('gates.community_id');
  if (compoundIds) select = select.where('gates.community_id', 'in', compoundIds);
  return select.execute();
}

/**
 * The queries a compound's, a street office's and the district's staff make, run on the server's
 * own query code (entry-views, contacts, epidemic-free) against the district's database. Scope is
 * the set of gates or compounds below the user's node: the organisation tree's route checks are
 * not on main yet, so the queries are measured at the database, not over HTTP.
 */
export async function measureDistrictQueries(dataset: DistrictDataset, rounds: number): Promise<DistrictQueryFigure[]> {
  const db = openPostgresDatabase(dataset.databaseUrl, { maxConnections: 4 });
  try {
    const now = new Date(dataset.endMs - 1);
    const compound = (i: number) => dataset.compounds[(i * 37) % dataset.compounds.length]!;
    const street = (i: number) => dataset.compounds.filter((c) => c.street === i % dataset.streets.length);
    const gatesOf = (compounds: readonly { gateIds: string[] }[]) => compounds.flatMap((c) => c.gateIds);
    const courier = (i: number) => dataset.courierIds[(i * 13) % dataset.courierIds.length]!;
    const dayStart = (i: number) => new Date(dataset.endMs - (1 + (i % 20)) * DAY_MS);
    const today = communityDate(now);
    const daysAgo = (n: number) => communityDate(new Date(now.getTime() - n * DAY_MS));
    const log = async (gates: string[] | null, range?: { from: Date; to: Date }) => {
      let select = filteredEntries(
        db,
        range ? { from: range.from.toISOString(), to: range.to.toISOString() } : {},
        DEFAULT_TOP_SCOPE,
      );
      if (gates) select = select.where('entries.gate_id', 'in', gates);
      return (await select.limit(50).execute()).map(toEntryView).length;
    };
    const queries: { scope: DistrictScope; name: string; run: (i: number) => Promise<number> }[] = [
      { scope: 'compound', name: 'entry log, newest 50', run: (i) => log(compound(i).gateIds) },
      {
        scope: 'compound',
        name: 'entry log, one day',
        run: (i) => log(compound(i).gateIds, { from: dayStart(i), to: new Date(dayStart(i).getTime() + DAY_MS) }),
      },
      {
        scope: 'compound',
        name: 'a resident’s passages, 14 days',
        run: async (i) =>
          (
            await filteredEntries(
              db,
              {
                personId: compound(i).personIds[0]!,
                from: new Date(now.getTime() - 14 * DAY_MS).toISOString(),
              },
              DEFAULT_TOP_SCOPE,
            )
              .limit(501)
              .execute()
          ).length,
      },
      {
        scope: 'compound',
        name: 'roll-up, one day',
        run: async (i) => (await rollUp(db, [compound(i).id], today, today)).length,
      },
      { scope: 'street', name: 'entry log, newest 50', run: (i) => log(gatesOf(street(i))) },
      {
        scope: 'street',
        name: 'entry log, one day',
        run: (i) => log(gatesOf(street(i)), { from: dayStart(i), to: new Date(dayStart(i).getTime() + DAY_MS) }),
      },
      {
        scope: 'street',
        name: 'roll-up, one day',
        run: async (i) =>
          (
            await rollUp(
              db,
              street(i).map((c) => c.id),
              today,
              today,
            )
          ).length,
      },
      {
        scope: 'street',
        name: 'roll-up, 14 days',
        run: async (i) =>
          (
            await rollUp(
              db,
              street(i).map((c) => c.id),
              daysAgo(13),
              today,
            )
          ).length,
      },
      { scope: 'district', name: 'entry log, newest 50', run: () => log(null) },
      {
        scope: 'district',
        name: 'courier timeline across compounds, 14 days (newest 500)',
        run: async (i) =>
          (
            await filteredEntries(
              db,
              { personId: courier(i), from: new Date(now.getTime() - 14 * DAY_MS).toISOString() },
              DEFAULT_TOP_SCOPE,
            )
              .limit(501)
              .execute()
          ).length,
      },
      {
        scope: 'district',
        name: 'courier contacts across compounds, 14 days ±15 min',
        run: async (i) => {
          const found = await findContacts(db, { personId: courier(i), days: 14, minutes: 15 }, now, DEFAULT_TOP_SCOPE);
          return found.ok ? found.value.contacts.length : 0;
        },
      },
      { scope: 'district', name: 'roll-up, one day', run: async () => (await rollUp(db, null, today, today)).length },
      { scope: 'district', name: 'roll-up, 14 days', run: async () => (await rollUp(db, null, daysAgo(13), today)).length },
      {
        scope: 'district',
        name: 'epidemic-free check, all 200 compounds',
        run: async () => (await checkCompounds(db, now, DEFAULT_TOP_SCOPE)).length,
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
