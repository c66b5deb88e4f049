import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from './db/schema.ts';

/** One row per action that shows or changes personal data: who, when, what. */
export async function writeAudit(
  db: Kysely<Database>,
  entry: { at: string; userId: string | null; action: string; detail: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ id: uuidv7(), at: entry.at, user_id: entry.userId, action: entry.action, detail: JSON.stringify(entry.detail) })
    .execute();
}
