import type { FastifyInstance } from 'fastify';
import { EntryFilterQuery } from '../protocol/review-queries.ts';
import type { EntryListResponse } from '../protocol/review.ts';
import { describeZodError, sendApiError } from './api-errors.ts';
import type { AppDeps } from './app.ts';
import { writeAudit } from './audit.ts';
import { listEntryViews } from './entry-views.ts';
import { roles } from './route-access.ts';
import type { RequireUser } from './session-routes.ts';

export function registerEntriesRoutes(app: FastifyInstance, deps: AppDeps, requireUser: RequireUser): void {
  const now = deps.now ?? (() => new Date());

  app.get('/api/v1/entries', { config: { access: roles('community', 'admin') } }, async (request, reply) => {
    const user = await requireUser(request, reply, ['community', 'admin']);
    if (!user) return reply;
    const query = EntryFilterQuery.safeParse(request.query);
    if (!query.success) return sendApiError(reply, 400, 'invalid-query', describeZodError(query.error));
    const entries = await listEntryViews(deps.db, query.data);
    // The log shows names and masked ID numbers: every look is recorded.
    await writeAudit(deps.db, {
      at: now().toISOString(),
      userId: user.id,
      action: 'entries.list',
      detail: { ...query.data, count: entries.length, first: entries[0]?.id ?? null, last: entries.at(-1)?.id ?? null },
    });
    const body: EntryListResponse = { entries };
    return body;
  });
}
