import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AuditAction, AuditEntryView, AuditListQuery } from '../../protocol/accounts.ts';
import { describeAuditSubjects } from './audit-subjects.ts';
import type { Database } from '../db/schema.ts';
import { isTopScope, userIdsIn, type Scope } from '../org/scope.ts';

/** One row per action that shows or changes personal data: who, when, what. */
export async function writeAudit(
  db: Kysely<Database>,
  entry: { at: string; userId: string | null; action: AuditAction; detail: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ id: uuidv7(), at: entry.at, user_id: entry.userId, action: entry.action, detail: JSON.stringify(entry.detail) })
    .execute();
}

interface AuditTrail {
  db: Kysely<Database>;
  now: () => Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    auditTrail: AuditTrail;
  }
}

export function installAudit(app: FastifyInstance, trail: AuditTrail): void {
  app.decorate('auditTrail', trail);
}

/**
 * Records that the signed-in user of this request viewed or exported personal data (or changed
 * an account). Call it in every route that answers names, ID numbers, phones or timelines, after
 * the query and before answering: `await audit(request, 'entries.list', { count })`. The detail
 * says what was shown (filters, ids, counts), never the personal data itself.
 */
export async function audit(request: FastifyRequest, action: AuditAction, detail: Record<string, unknown>): Promise<void> {
  const { db, now } = request.server.auditTrail;
  await writeAudit(db, { at: now().toISOString(), userId: request.user?.id ?? null, action, detail });
}

/** Newest first, keyset paged by id (UUIDv7, so time order). */
export async function listAudit(
  db: Kysely<Database>,
  query: AuditListQuery,
  scope: Scope,
): Promise<{ entries: AuditEntryView[]; nextBefore: string | null }> {
  let select = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.user_id')
    .select([
      'audit_log.id as id',
      'audit_log.at as at',
      'users.username as username',
      'audit_log.action as action',
      'audit_log.detail as detail',
    ])
    .orderBy('audit_log.id', 'desc')
    .limit(query.limit + 1);
  if (query.before) select = select.where('audit_log.id', '<', query.before);
  // Below the top, an admin reads the trail of the accounts in their scope only.
  if (!isTopScope(scope)) select = select.where('audit_log.user_id', 'in', userIdsIn(db, scope));
  const rows = await select.execute();
  const page = rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> })).slice(0, query.limit);
  const subjects = await describeAuditSubjects(
    db,
    page.map((row) => row.detail),
  );
  return {
    entries: page.map((row, i) => ({
      id: row.id,
      at: row.at,
      username: row.username,
      action: row.action,
      detail: row.detail,
      subjects: subjects[i] ?? [],
    })),
    nextBefore: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
