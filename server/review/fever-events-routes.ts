import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { FeverFollowUpInput, FeverListQuery, type FeverListResponse } from '../../protocol/review-queries.ts';
import { sendApiError } from '../http/api-errors.ts';
import type { AppDeps } from '../app-deps.ts';
import { signedInUser } from '../http/route-access.ts';
import { audit } from '../http/audit.ts';
import { listFeverEvents, recordFollowUp } from './fever-events.ts';
import { PERSONAL_DATA } from './review-access.ts';
import { requestScope } from '../org/scope.ts';

const EventParams = z.object({ eventId: z.string().min(1).max(64) });

/** Fever events and their follow-up, for community staff. */
export function registerFeverEventRoutes(app: FastifyInstance, deps: AppDeps): void {
  const now = deps.now ?? (() => new Date());

  app.get('/api/v1/review/fevers', { config: { access: PERSONAL_DATA } }, async (request, reply) => {
    const scope = await requestScope(deps.db, request, reply);
    if (!scope) return reply;
    const query = FeverListQuery.safeParse(request.query);
    if (!query.success) return sendApiError(reply, 400, 'invalid-query', z.prettifyError(query.error));
    const events = await listFeverEvents(deps.db, query.data, scope);
    await audit(request, 'fevers.list', { ...query.data, count: events.length });
    const body: FeverListResponse = { events };
    return body;
  });

  app.post('/api/v1/review/fevers/:eventId/follow-ups', { config: { access: PERSONAL_DATA } }, async (request, reply) => {
    const scope = await requestScope(deps.db, request, reply);
    if (!scope) return reply;
    const user = signedInUser(request);
    const params = EventParams.safeParse(request.params);
    if (!params.success) return sendApiError(reply, 400, 'invalid-event', z.prettifyError(params.error));
    const step = FeverFollowUpInput.safeParse(request.body);
    if (!step.success) return sendApiError(reply, 400, 'invalid-follow-up', z.prettifyError(step.error));
    const at = now().toISOString();
    const outcome = await recordFollowUp(deps.db, { eventId: params.data.eventId, userId: user.id, at, step: step.data }, scope);
    if (!outcome.ok) {
      return outcome.reason === 'closed'
        ? sendApiError(reply, 409, 'fever-event-closed', 'this fever event is closed; it takes no more follow-up')
        : sendApiError(reply, 404, 'fever-event-not-found', `no fever event ${params.data.eventId}`);
    }
    await audit(request, 'fevers.follow-up', { eventId: params.data.eventId, kind: step.data.kind });
    return outcome.event;
  });
}
