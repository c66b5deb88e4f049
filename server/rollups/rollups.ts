import { sql, type Kysely } from 'kysely';
import type { FeverOutcome } from '../../protocol/review-queries.ts';
import type {
  CompoundLack,
  CompoundStanding,
  RollupChild,
  RollupFigures,
  RollupQuery,
  RollupResponse,
} from '../../protocol/rollups.ts';
import { addDays, communityDate } from '../../protocol/community-date.ts';
import type { Database } from '../db/schema.ts';
import { compoundIdsIn, gateIdsIn, scopeView, type Scope } from '../org/scope.ts';
import { checkCompounds } from '../review/epidemic-free.ts';
import { uuidv7Floor } from '../review/entry-id-bounds.ts';

/** A compound not yet free counts as close when everything in its way ends within this many days. */
export const CLOSE_DAYS = 3;

const OUTCOMES: readonly FeverOutcome[] = ['normal-on-recheck', 'sent-home', 'hospital', 'isolated', 'other'];

function emptyFigures(): RollupFigures {
  return {
    passages: 0,
    passagesIn: 0,
    passagesOut: 0,
    visitors: 0,
    vehicles: 0,
    fevers: 0,
    denied: 0,
    feverOpen: 0,
    feverOutcomes: Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<FeverOutcome, number>,
    homeObservation: 0,
    compounds: 0,
    epidemicFree: 0,
    closeToFree: 0,
  };
}

function addInto(sum: RollupFigures, part: RollupFigures): void {
  for (const key of [
    'passages',
    'visitors',
    'vehicles',
    'fevers',
    'denied',
    'feverOpen',
    'homeObservation',
    'compounds',
    'epidemicFree',
    'closeToFree',
  ] as const)
    sum[key] += part[key];
  sum.passagesIn = sum.passagesIn === null || part.passagesIn === null ? null : sum.passagesIn + part.passagesIn;
  sum.passagesOut = sum.passagesOut === null || part.passagesOut === null ? null : sum.passagesOut + part.passagesOut;
  for (const outcome of OUTCOMES) sum.feverOutcomes[outcome] += part.feverOutcomes[outcome];
}

/** What blocks a compound, in short, and whether it is close: every blocker ends by itself within CLOSE_DAYS or needs one act. */
function standingOf(check: Awaited<ReturnType<typeof checkCompounds>>[number]): Omit<CompoundStanding, 'childId' | 'name'> {
  const lacks: CompoundLack[] = check.blockers.map((b) => {
    if (b.kind === 'confirmed-case') return { kind: b.kind, subject: b.subject, until: b.clearOn };
    if (b.kind === 'watch') return { kind: b.kind, subject: b.subject, until: b.awaitingRelease ? null : b.endDate };
    return { kind: b.kind, subject: b.subject, until: null };
  });
  const horizon = addDays(check.today, CLOSE_DAYS);
  const closeToFree =
    !check.epidemicFree &&
    check.blockers.every((b) =>
      b.kind === 'confirmed-case'
        ? b.clearOn <= horizon
        : b.kind === 'watch'
          ? b.awaitingRelease || (b.endDate !== null && b.endDate <= horizon)
          : true,
    );
  return { id: check.communityId, today: check.today, epidemicFree: check.epidemicFree, closeToFree, lacks };
}

interface CompoundRow {
  id: string;
  name: string;
  timeZone: string;
  parentId: string;
  parentPath: string;
}

/** The rows a node's figures break into: its child nodes, or for a community (and a compound) its compounds. */
async function childrenOf(db: Kysely<Database>, scope: Scope, compounds: readonly CompoundRow[]) {
  if (scope.kind === 'compound')
    return compounds.map((c) => ({
      id: c.id,
      level: 'compound' as const,
      name: c.name,
      owns: (x: CompoundRow) => x.id === c.id,
    }));
  const nodes = await db
    .selectFrom('org_nodes')
    .select(['id', 'level', 'name', 'path'])
    .where('parent_id', '=', scope.nodeId)
    .orderBy('name')
    .execute();
  const childNodes = nodes.flatMap((n) =>
    n.level === 'district'
      ? []
      : [{ id: n.id, level: n.level, name: n.name, owns: (x: CompoundRow) => x.parentPath.startsWith(n.path) }],
  );
  const direct = compounds
    .filter((c) => c.parentId === scope.nodeId)
    .map((c) => ({ id: c.id, level: 'compound' as const, name: c.name, owns: (x: CompoundRow) => x.id === c.id }));
  return [...childNodes, ...direct];
}

/**
 * A node's figures per child, for the last day and the whole period: passages in and out,
 * visitors, vehicles, fevers and their follow-up outcomes, home observation on the last day, and
 * epidemic-free compounds with those close to it. Each compound counts its days on its own clock.
 */
export async function rollup(db: Kysely<Database>, scope: Scope, query: RollupQuery, now: Date): Promise<RollupResponse> {
  const compounds: CompoundRow[] = await db
    .selectFrom('communities')
    .innerJoin('org_nodes', 'org_nodes.id', 'communities.org_parent_id')
    .select([
      'communities.id as id',
      'communities.name as name',
      'communities.time_zone as timeZone',
      'communities.org_parent_id as parentId',
      'org_nodes.path as parentPath',
    ])
    .where('communities.id', 'in', compoundIdsIn(db, scope))
    .orderBy('communities.name')
    .execute();
  const perCompound = new Map(compounds.map((c) => [c.id, { day: emptyFigures(), period: emptyFigures() }]));
  const slot = (compoundId: string, day: string) => {
    const figures = perCompound.get(compoundId);
    if (!figures) return [];
    return day === query.to ? [figures.day, figures.period] : [figures.period];
  };

  // A row a gate a day (migration 0099), each gate's days read in its (gate, day) key.
  const counted = await db
    .selectFrom('gate_day_figures as f')
    .innerJoin('gates', 'gates.id', 'f.gate_id')
    .select([
      'gates.community_id as compoundId',
      'f.day as day',
      sql<number>`cast(sum(f.entries) as integer)`.as('entries'),
      sql<number | null>`cast(sum(f.entries_in) as integer)`.as('entriesIn'),
      sql<number>`cast(sum(case when f.entries_in is null then 1 else 0 end) as integer)`.as('unsplit'),
      sql<number>`cast(sum(f.visitors) as integer)`.as('visitors'),
      sql<number>`cast(sum(f.vehicles) as integer)`.as('vehicles'),
      sql<number>`cast(sum(f.fevers) as integer)`.as('fevers'),
      sql<number>`cast(sum(f.denied) as integer)`.as('denied'),
    ])
    .where('f.gate_id', 'in', gateIdsIn(db, scope))
    .where('f.day', '>=', query.from)
    .where('f.day', '<=', query.to)
    .groupBy(['gates.community_id', 'f.day'])
    .execute();
  for (const row of counted) {
    for (const figures of slot(row.compoundId, row.day)) {
      const entriesIn = Number(row.unsplit) > 0 ? null : Number(row.entriesIn ?? 0);
      addInto(figures, {
        ...emptyFigures(),
        passages: Number(row.entries),
        passagesIn: entriesIn,
        passagesOut: entriesIn === null ? null : Number(row.entries) - entriesIn,
        visitors: Number(row.visitors),
        vehicles: Number(row.vehicles),
        fevers: Number(row.fevers),
        denied: Number(row.denied),
      });
    }
  }

  // Fever events by the day they happened on their compound's clock, read by instant: the passage's
  // UUIDv7 (entry_id, minted at the kiosk with the passage) is its time in UTC whatever offset the
  // gate wrote in occurred_at, whose text order is not time order. From a day before `from` to two
  // days after `to`, which holds those days in every zone, on the entry_id index; then filed exactly.
  // Each event with its outcome steps (joined, not looked up 500 ids at a time: at 20 M entries the
  // district's 14 days held 2,700 events, and the batched look-ups took 60–120 ms each); the last wins.
  const eventRows = await db
    .selectFrom('fever_events')
    .innerJoin('gates', 'gates.id', 'fever_events.gate_id')
    .leftJoin('fever_follow_ups', (join) =>
      join.onRef('fever_follow_ups.event_id', '=', 'fever_events.id').on('fever_follow_ups.kind', '=', 'outcome'),
    )
    .select([
      'fever_events.id as id',
      'gates.community_id as compoundId',
      'fever_events.occurred_at as occurredAt',
      'fever_events.status as status',
      'fever_follow_ups.step as outcomeStep',
    ])
    .where('gates.community_id', 'in', compoundIdsIn(db, scope))
    .where('fever_events.entry_id', '>=', uuidv7Floor(new Date(`${addDays(query.from, -1)}T00:00:00Z`)))
    .where('fever_events.entry_id', '<', uuidv7Floor(new Date(`${addDays(query.to, 2)}T00:00:00Z`)))
    .orderBy('fever_events.id')
    .orderBy('fever_follow_ups.id')
    .execute();
  const zoneOf = new Map(compounds.map((c) => [c.id, c.timeZone]));
  const outcomes = new Map<string, FeverOutcome>();
  const events = new Map<string, { id: string; compoundId: string; status: string; day: string }>();
  for (const row of eventRows) {
    if (row.outcomeStep !== null) outcomes.set(row.id, (JSON.parse(row.outcomeStep) as { outcome: FeverOutcome }).outcome);
    if (events.has(row.id)) continue;
    const day = communityDate(new Date(row.occurredAt), zoneOf.get(row.compoundId));
    if (day >= query.from && day <= query.to) events.set(row.id, { ...row, day });
  }
  const inRange = [...events.values()];
  for (const event of inRange) {
    for (const figures of slot(event.compoundId, event.day)) {
      const outcome = outcomes.get(event.id);
      if (event.status === 'open') figures.feverOpen += 1;
      else figures.feverOutcomes[outcome ?? 'other'] += 1;
    }
  }

  const observed = await db
    .selectFrom('watch_entries')
    .select(['community_id as compoundId', sql<number>`cast(count(*) as integer)`.as('people')])
    .where('community_id', 'in', compoundIdsIn(db, scope))
    .where('kind', '=', 'home-observation')
    .where('released_at', 'is', null)
    .where('start_date', '<=', query.to)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', query.to)]))
    .groupBy('community_id')
    .execute();
  for (const row of observed) {
    const figures = perCompound.get(row.compoundId);
    if (figures) {
      figures.day.homeObservation += Number(row.people);
      figures.period.homeObservation += Number(row.people);
    }
  }

  const standings = new Map((await checkCompounds(db, now, scope)).map((check) => [check.communityId, standingOf(check)]));
  for (const [id, figures] of perCompound) {
    const standing = standings.get(id);
    for (const f of [figures.day, figures.period]) {
      f.compounds = 1;
      f.epidemicFree = standing?.epidemicFree ? 1 : 0;
      f.closeToFree = standing?.closeToFree ? 1 : 0;
    }
  }

  const children = await childrenOf(db, scope, compounds);
  const total = { day: emptyFigures(), period: emptyFigures() };
  const rows: RollupChild[] = children.map((child) => {
    const row = { id: child.id, level: child.level, name: child.name, day: emptyFigures(), period: emptyFigures() };
    for (const compound of compounds.filter(child.owns)) {
      const figures = perCompound.get(compound.id)!;
      addInto(row.day, figures.day);
      addInto(row.period, figures.period);
    }
    addInto(total.day, row.day);
    addInto(total.period, row.period);
    return row;
  });
  const node = await scopeView(db, scope);
  return {
    node: { id: node.id, level: node.level, name: node.name },
    from: query.from,
    to: query.to,
    children: rows,
    total,
    compounds: compounds.map((c) => {
      const standing = standings.get(c.id)!;
      return { ...standing, name: c.name, childId: children.find((child) => child.owns(c))?.id ?? c.id };
    }),
  };
}
