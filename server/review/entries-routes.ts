import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { EntryFilterQuery } from '../../protocol/review-queries.ts';
import type { EntryListResponse } from '../../protocol/review.ts';
import { sendApiError } from '../http/api-errors.ts';
import type { AppDeps } from '../app-deps.ts';
import { audit } from '../http/audit.ts';
import { listEntryViews } from './entry-views.ts';
import { PERSONAL_DATA } from './review-access.ts';
import { requestScope } from '../org/scope.ts';

export function registerEntriesRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/api/v1/entries', { config: { access: PERSONAL_DATA } }, async (request, reply) => {
    const scope = await requestScope(deps.db, request, reply);
    if (!scope) return reply;
    const query = EntryFilterQuery.safeParse(request.query);
    if (!query.success) return sendApiError(reply, 400, 'invalid-query', z.prettifyError(query.error));
    const entries = await listEntryViews(deps.db, query.data, scope);
    // The log shows names and masked ID numbers: every look is recorded, with its filters.
    await audit(request, 'entries.list', {
      ...query.data,
      count: entries.length,
      first: entries[0]?.id ?? null,
      last: entries.at(-1)?.id ?? null,
    });
    const body: EntryListResponse = { entries };
    return body;
  });
}
