import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { AuditListQuery, type AuditListResponse } from '../../protocol/accounts.ts';
import { sendApiError } from './api-errors.ts';
import { audit, listAudit } from './audit.ts';
import { roles } from './route-access.ts';
import { requestScope } from '../org/scope.ts';

/** `GET /api/v1/audit` (admin): the audit log, newest first, keyset paged. Reading it is audited too. */
export function registerAuditRoutes(app: FastifyInstance): void {
  app.get('/api/v1/audit', { config: { access: roles('admin') } }, async (request, reply) => {
    const scope = await requestScope(app.auditTrail.db, request, reply);
    if (!scope) return reply;
    const query = AuditListQuery.safeParse(request.query);
    if (!query.success) return sendApiError(reply, 400, 'invalid-query', z.prettifyError(query.error));
    const page = await listAudit(app.auditTrail.db, query.data, scope);
    await audit(request, 'audit.list', {
      limit: query.data.limit,
      before: query.data.before ?? null,
      count: page.entries.length,
    });
    const body: AuditListResponse = page;
    return body;
  });
}
