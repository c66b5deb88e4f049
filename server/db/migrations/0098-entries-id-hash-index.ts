import { sql, type Kysely, type Migration } from 'kysely';
import { isPostgresDatabase } from '../database-kind.ts';

/**
 * Tracing a person across compounds finds their passages by the hash of their ID number, which
 * every record carries in `subject.idHash` when the person is known by it (a resident from the
 * roster, a visitor whose card was read) — the link between a resident of one compound and the
 * same person passing another as a visitor. An index on that field of the stored record, ending
 * in id for newest-first walks, only over records that have one. On PostgreSQL it is made on
 * every day partition and goes with a dropped one. The expression must stay as the queries write
 * it (server/review/trace.ts).
 */
export const entriesIdHashIndex: Migration = {
  async up(db: Kysely<any>) {
    if (isPostgresDatabase(db))
      await sql`create index entries_id_hash on entries (((record::jsonb) #>> '{subject,idHash}'), id) where ((record::jsonb) #>> '{subject,idHash}') is not null`.execute(
        db,
      );
    else
      await sql`create index entries_id_hash on entries (json_extract(record, '$.subject.idHash'), id) where json_extract(record, '$.subject.idHash') is not null`.execute(
        db,
      );
  },
};
