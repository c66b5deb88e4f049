import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { addDays, communityDate } from '../protocol/community-date.ts';
import type { WatchKind } from '../protocol/roster.ts';
import type { Database, WatchEntriesTable } from '../server/db/schema.ts';
import { DEFAULT_TOP_SCOPE, type Scope } from '../server/org/scope.ts';
import type { DistrictDataset } from './district-dataset.ts';

const DISTRICT_ID = 'org-district';
/** Every compound hangs under one of its street's two communities (社区), ten compounds each. */
const COMPOUNDS_PER_COMMUNITY = 10;
/** Fevers older than this are followed up and closed; the newer are still open, as at a real shift's end. */
const OPEN_FEVER_HOURS = 3;

export const streetNodeId = (street: number) => `street-${street + 1}`;
const communityNodeId = (street: number, community: number) => `community-${street + 1}-${community + 1}`;

/** The scopes the bench's users work in: one compound, a street office, the whole district. */
export const districtScopes = {
  compound: (compoundId: string): Scope => ({ kind: 'compound', compoundId }),
  street: (street: number): Scope => ({
    kind: 'node',
    nodeId: streetNodeId(street),
    path: `/${DISTRICT_ID}/${streetNodeId(street)}/`,
    top: false,
  }),
  district: DEFAULT_TOP_SCOPE,
};

/** The compound whose roster a courier is on (made by ensureDistrictSituation); they pass every compound's gates. */
export const courierHome = (dataset: DistrictDataset, courier: number) => dataset.compounds[courier % dataset.compounds.length]!;

/** A courier's ID hash as a roster would keep it: 64 hex digits, the same on whichever roster names them. */
const courierIdHash = (courierId: string) => createHash('sha256').update(`bench-courier:${courierId}`).digest('hex');

/**
 * The organisation tree over the generated compounds (district → 10 street offices → 2
 * communities each → 10 compounds each) and a day's situation at `now`: people under home
 * observation and close contacts (most released, some ending soon, some not), a few suspected and
 * confirmed cases, fevers older than a few hours followed up and closed with an outcome. So the
 * roll-ups and the epidemic-free check have something to find: compounds free, close to free and
 * blocked. Made once per database; each part is skipped when already there.
 */
export async function ensureDistrictSituation(db: Kysely<Database>, dataset: DistrictDataset, now: Date): Promise<void> {
  const at = now.toISOString();
  const today = communityDate(now);
  if (!(await db.selectFrom('org_nodes').select('id').where('id', '=', streetNodeId(0)).executeTakeFirst())) {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('org_nodes').set({ name: dataset.district }).where('id', '=', DISTRICT_ID).execute();
      for (const [s, name] of dataset.streets.entries()) {
        const streetPath = `/${DISTRICT_ID}/${streetNodeId(s)}/`;
        await trx
          .insertInto('org_nodes')
          .values({ id: streetNodeId(s), parent_id: DISTRICT_ID, level: 'street', name, path: streetPath, created_at: at })
          .execute();
        const compounds = dataset.compounds.filter((c) => c.street === s);
        for (let k = 0; k * COMPOUNDS_PER_COMMUNITY < compounds.length; k++) {
          const id = communityNodeId(s, k);
          await trx
            .insertInto('org_nodes')
            .values({
              id,
              parent_id: streetNodeId(s),
              level: 'community',
              name: `${name}${k + 1}社区`,
              path: `${streetPath}${id}/`,
              created_at: at,
            })
            .execute();
          await trx
            .updateTable('communities')
            .set({ org_parent_id: id })
            .where(
              'id',
              'in',
              compounds.slice(k * COMPOUNDS_PER_COMMUNITY, (k + 1) * COMPOUNDS_PER_COMMUNITY).map((c) => c.id),
            )
            .execute();
        }
      }
    });
  }

  // Each courier on one compound's roster, known by an ID hash, so a street or the district can trace them.
  if (!(await db.selectFrom('persons').select('id').where('id', '=', dataset.courierIds[0]!).executeTakeFirst())) {
    await db
      .insertInto('persons')
      .values(
        dataset.courierIds.map((id, i) => ({
          id,
          community_id: courierHome(dataset, i).id,
          household_id: null,
          name: `快递员${i + 1}号`,
          category: 'courier' as const,
          phone: null,
          id_hash: courierIdHash(id),
          id_masked: `4201**********${String(i).padStart(4, '0')}`,
        })),
      )
      .execute();
  }

  if (!(await db.selectFrom('watch_entries').select('id').limit(1).executeTakeFirst())) {
    const people = await sql<{ id: string; community_id: string; household_id: string }>`
      select id, community_id, household_id from (
        select id, community_id, household_id, row_number() over (partition by community_id order by id) as n from persons
      ) p where n <= 10`.execute(db);
    const byCompound = new Map<string, { id: string; household_id: string }[]>();
    for (const row of people.rows) byCompound.set(row.community_id, [...(byCompound.get(row.community_id) ?? []), row]);
    const watches: WatchEntriesTable[] = [];
    const cases: Database['confirmed_cases'][] = [];
    for (const [i, compound] of dataset.compounds.entries()) {
      const persons = byCompound.get(compound.id) ?? [];
      const watch = (kind: WatchKind, n: number, end: string | null, released: boolean, household = false) => {
        const person = persons[n];
        if (!person) return;
        watches.push({
          id: uuidv7(),
          community_id: compound.id,
          kind,
          person_id: household ? null : person.id,
          household_id: household ? person.household_id : null,
          start_date: addDays(today, -7),
          end_date: end,
          origin: null,
          arrival_date: null,
          note: null,
          created_at: at,
          released_at: released ? at : null,
        });
      };
      for (let n = 0; n < 5; n++) watch('home-observation', n, addDays(today, 7), false);
      for (let n = 5; n < 8; n++) {
        if (i % 4 === 0) watch('close-contact', n, addDays(today, 2), false);
        else if (i % 7 === 3) watch('close-contact', n, addDays(today, 9), false);
        else watch('close-contact', n, addDays(today, -1), true);
      }
      if (i % 25 === 5) watch('suspected-case', 8, null, false);
      if (i % 30 === 11) watch('close-contact-household', 9, addDays(today, -1), false, true);
      const confirmedOn = i % 20 === 7 ? addDays(today, -5) : i % 10 === 2 ? addDays(today, -20) : null;
      if (confirmedOn && persons[0])
        cases.push({
          id: uuidv7(),
          community_id: compound.id,
          person_id: persons[0].id,
          household_id: null,
          confirmed_on: confirmedOn,
          note: null,
          created_at: at,
          created_by: null,
        });
    }
    await db.transaction().execute(async (trx) => {
      for (let start = 0; start < watches.length; start += 500)
        await trx
          .insertInto('watch_entries')
          .values(watches.slice(start, start + 500))
          .execute();
      if (cases.length > 0) await trx.insertInto('confirmed_cases').values(cases).execute();
    });
  }

  // A fever older than a few hours has been rechecked: most were normal on recheck, some sent home or further.
  const closeBefore = new Date(now.getTime() - OPEN_FEVER_HOURS * 3_600_000).toISOString();
  await db.transaction().execute(async (trx) => {
    await sql`
      insert into fever_follow_ups (id, event_id, at, user_id, kind, step)
      select md5(e.id || step.kind)::uuid::text, e.id, ${at}, null, step.kind, step.json
      from fever_events e,
           lateral (values
             ('outcome', json_build_object('kind', 'outcome', 'note', null, 'outcome',
               (array['normal-on-recheck', 'normal-on-recheck', 'normal-on-recheck', 'normal-on-recheck', 'normal-on-recheck',
                      'normal-on-recheck', 'sent-home', 'sent-home', 'hospital', 'isolated'])[1 + abs(hashtext(e.id)) % 10])::text),
             ('closed', '{"kind":"closed","note":null}')) as step(kind, json)
      where e.status = 'open' and e.occurred_at::timestamptz < ${closeBefore}::timestamptz`.execute(trx);
    await sql`
      update fever_events set status = 'closed', closed_at = ${at}
      where status = 'open' and occurred_at::timestamptz < ${closeBefore}::timestamptz`.execute(trx);
  });
}
