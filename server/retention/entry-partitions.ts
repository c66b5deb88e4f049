import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { uuidv7Floor } from '../review/entry-id-bounds.ts';

/** Daily partitions exist this many UTC days ahead, so a day never starts in the default partition. */
export const PARTITION_DAYS_AHEAD = 7;
const DAY_MS = 24 * 60 * 60_000;

/** One process at a time makes or drops partitions (every server process runs the upkeep). */
const lockPartitions = (trx: Transaction<Database>) =>
  sql`select pg_advisory_xact_lock(hashtext('checkpoint.entry-partitions'))`.execute(trx);

/** A partition of entries and its id range: `from` null is MINVALUE; the default partition has neither. */
export interface EntryPartition {
  name: string;
  from: string | null;
  to: string | null;
  isDefault: boolean;
}

const BOUND = /^FOR VALUES FROM \((MINVALUE|'([^']*)')\) TO \('([^']*)'\)$/;

/** The partitions of entries on PostgreSQL (migration 0095), in id order, the default last. */
export async function listEntryPartitions(db: Kysely<Database>): Promise<EntryPartition[]> {
  const rows = (
    await sql<{ name: string; bound: string }>`
      select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
      from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'entries'::regclass
    `.execute(db)
  ).rows;
  const partitions = rows.map(({ name, bound }): EntryPartition => {
    if (bound === 'DEFAULT') return { name, from: null, to: null, isDefault: true };
    const match = BOUND.exec(bound);
    if (!match) throw new Error(`entries partition ${name} has a bound this server does not read: ${bound}`);
    return { name, from: match[2] ?? null, to: match[3]!, isDefault: false };
  });
  return partitions.sort((a, b) => (a.isDefault ? 1 : b.isDefault ? -1 : (a.to ?? '') < (b.to ?? '') ? -1 : 1));
}

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * Makes the daily partitions (UTC days, `entries_pYYYYMMDD`) from the end of the last one up to
 * `daysAhead` days after today. Entries already in the default partition for a new day's range (a
 * gate whose clock ran that far ahead) move into it, their flags kept. Answers the names made.
 */
export async function ensureEntryPartitions(
  db: Kysely<Database>,
  now: Date,
  daysAhead = PARTITION_DAYS_AHEAD,
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await lockPartitions(trx);
    const partitions = await listEntryPartitions(trx);
    const covered = partitions.filter((p) => !p.isDefault).at(-1)?.to ?? null;
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const made: string[] = [];
    for (let day = today; day <= today + daysAhead * DAY_MS; day += DAY_MS) {
      const to = uuidv7Floor(new Date(day + DAY_MS));
      if (covered !== null && to <= covered) continue;
      const from = covered !== null && covered > uuidv7Floor(new Date(day)) ? covered : uuidv7Floor(new Date(day));
      const name = `entries_p${utcDay(day)}`;
      await makePartition(trx, name, from, to);
      made.push(name);
    }
    return made;
  });
}

async function makePartition(trx: Transaction<Database>, name: string, from: string, to: string): Promise<void> {
  const table = sql.table(name);
  await sql`create table ${table} (like entries including defaults including constraints)`.execute(trx);
  const inRange = sql`id >= ${from} and id < ${to}`;
  const strays = Number(
    (await sql<{ n: string }>`select count(*) as n from entries_default where ${inRange}`.execute(trx)).rows[0]!.n,
  );
  // Deleting them from the default partition takes their flag rows with it (ON DELETE CASCADE).
  const flags =
    strays === 0
      ? []
      : await trx.selectFrom('entry_flags').selectAll().where('entry_id', '>=', from).where('entry_id', '<', to).execute();
  if (strays > 0)
    await sql`with moved as (delete from entries_default where ${inRange} returning *) insert into ${table} select * from moved`.execute(
      trx,
    );
  // Attaching (rather than CREATE … PARTITION OF) needs only a SHARE UPDATE EXCLUSIVE lock on entries.
  await sql`alter table entries attach partition ${table} for values from (${sql.lit(from)}) to (${sql.lit(to)})`.execute(trx);
  for (let start = 0; start < flags.length; start += 400)
    await trx
      .insertInto('entry_flags')
      .values(flags.slice(start, start + 400))
      .execute();
}

export interface DroppedPartitions {
  names: string[];
  entries: number;
}

/**
 * Drops each partition whose whole id range (time of passage) lies before the cutoff and that holds
 * no entry received on or after it (a gate that was offline for days sends late; such a partition
 * waits, and the row-by-row purge takes its old entries meanwhile). Its flag rows go first; its
 * daily figures stay (counted at ingest). Each drop is one short transaction.
 */
export async function dropExpiredEntryPartitions(db: Kysely<Database>, cutoff: Date): Promise<DroppedPartitions> {
  const limit = uuidv7Floor(cutoff);
  const dropped: DroppedPartitions = { names: [], entries: 0 };
  for (const partition of await listEntryPartitions(db)) {
    if (partition.isDefault || partition.to === null || partition.to > limit) continue;
    const gone = await db.transaction().execute(async (trx) => {
      await lockPartitions(trx);
      const table = sql.table(partition.name);
      // Writes to it wait until the drop is done, so what is counted is what goes.
      await sql`lock table ${table} in share mode`.execute(trx);
      const late = await sql`select 1 from ${table} where received_at >= ${cutoff.toISOString()} limit 1`.execute(trx);
      if (late.rows.length > 0) return null;
      const counted = await sql<{ n: string }>`select count(*) as n from ${table}`.execute(trx);
      let flags = trx.deleteFrom('entry_flags').where('entry_id', '<', partition.to!);
      if (partition.from !== null) flags = flags.where('entry_id', '>=', partition.from);
      await flags.execute();
      await sql`alter table entries detach partition ${table}`.execute(trx);
      await sql`drop table ${table}`.execute(trx);
      return Number(counted.rows[0]!.n);
    });
    if (gone === null) continue;
    dropped.names.push(partition.name);
    dropped.entries += gone;
  }
  return dropped;
}
