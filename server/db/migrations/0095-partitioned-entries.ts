import { sql, type Kysely, type Migration } from 'kysely';
import { isPostgresDatabase } from '../database-kind.ts';

/** The smallest UUIDv7 of the coming UTC midnight: everything stored so far sorts below it. */
function tomorrowFloor(now: Date): string {
  const ms = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  const hex = ms.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
}

/**
 * PostgreSQL: entries become a table partitioned by range of id (a UUIDv7, so by time of passage:
 * the primary key stays the id, re-sent records stay duplicates, and the id bounds every time
 * filter already uses prune partitions). The existing table is not copied: it becomes the partition
 * of everything before the coming UTC midnight (`entries_legacy`), which the retention purge drops
 * whole once all of it is past; rows dated after that (a gate clock ahead) move to the default
 * partition first. Daily partitions ahead are made by server/retention/entry-partitions.ts.
 * Indexes and the foreign keys that point at entries are carried over whatever earlier migrations
 * made them. SQLite stays one table.
 */
export const partitionedEntries: Migration = {
  async up(db: Kysely<any>) {
    if (!isPostgresDatabase(db)) return;
    const bound = tomorrowFloor(new Date());
    const indexes = (
      await sql<{ name: string; definition: string; constraint: string | null; kind: 'p' | 'u' | null }>`
        select i.relname as name, pg_get_indexdef(i.oid) as definition, c.conname as constraint, c.contype as kind
        from pg_index x
        join pg_class i on i.oid = x.indexrelid
        left join pg_constraint c on c.conindid = x.indexrelid and c.contype in ('p', 'u')
        where x.indrelid = 'entries'::regclass
      `.execute(db)
    ).rows;
    const foreignKeys = (
      await sql<{ name: string; owner: string; definition: string }>`
        select conname as name, conrelid::regclass::text as owner, pg_get_constraintdef(oid) as definition
        from pg_constraint where confrelid = 'entries'::regclass and contype = 'f'
      `.execute(db)
    ).rows;
    for (const key of foreignKeys)
      await sql`alter table ${sql.table(key.owner)} drop constraint ${sql.ref(key.name)}`.execute(db);

    await sql`alter table entries rename to entries_legacy`.execute(db);
    for (const index of indexes) {
      if (index.constraint)
        await sql`alter table entries_legacy rename constraint ${sql.ref(index.constraint)} to ${sql.ref(`${index.constraint}_legacy`)}`.execute(
          db,
        );
      else await sql`alter index ${sql.ref(index.name)} rename to ${sql.ref(`${index.name}_legacy`)}`.execute(db);
    }

    await sql`create table entries (like entries_legacy including defaults including constraints) partition by range (id)`.execute(
      db,
    );
    for (const index of indexes) {
      // Read before the rename, the definitions name the new table; attaching the old one below
      // takes its indexes as the partitions of these.
      if (index.constraint) {
        const columns = /\((.*)\)$/.exec(index.definition)?.[1] ?? 'id';
        const kind = index.kind === 'p' ? sql`primary key` : sql`unique`;
        await sql`alter table entries add constraint ${sql.ref(index.constraint)} ${kind} (${sql.raw(columns)})`.execute(db);
      } else await sql.raw(index.definition).execute(db);
    }
    await sql`create table entries_default partition of entries default`.execute(db);
    await sql`insert into entries_default select * from entries_legacy where id >= ${bound}`.execute(db);
    await sql`delete from entries_legacy where id >= ${bound}`.execute(db);
    await sql`alter table entries attach partition entries_legacy for values from (minvalue) to (${sql.lit(bound)})`.execute(db);
    for (const key of foreignKeys) {
      await sql`alter table ${sql.table(key.owner)} add constraint ${sql.ref(key.name)} ${sql.raw(key.definition)}`.execute(db);
    }
  },
};
