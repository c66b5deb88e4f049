import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { ConfirmedCaseInput, type EpidemicFreeResponse } from '../../protocol/review-queries.ts';
import { sendApiError } from '../http/api-errors.ts';
import type { AppDeps } from '../app-deps.ts';
import { audit } from '../http/audit.ts';
import { signedInUser } from '../http/route-access.ts';
import { checkCompounds, recordConfirmedCase } from './epidemic-free.ts';
import { PERSONAL_DATA } from './review-access.ts';
import { compoundInScope, requestScope } from '../org/scope.ts';

/** The epidemic-free compound check and the confirmed cases it counts from (community staff). */
export function registerEpidemicFreeRoutes(app: FastifyInstance, deps: AppDeps): void {
  const now = deps.now ?? (() => new Date());

  app.get('/api/v1/review/epidemic-free', { config: { access: PERSONAL_DATA } }, async (request, reply) => {
    const scope = await requestScope(deps.db, request, reply);
    if (!scope) return reply;
    const compounds = await checkCompounds(deps.db, now(), scope);
    // The blockers name people under watch.
    await audit(request, 'epidemic-free.check', { blockers: compounds.reduce((n, c) => n + c.blockers.length, 0) });
    const body: EpidemicFreeResponse = { compounds };
    return body;
  });

  app.post('/api/v1/review/confirmed-cases', { config: { access: PERSONAL_DATA } }, async (request, reply) => {
    const user = signedInUser(request);
    const input = ConfirmedCaseInput.safeParse(request.body);
    if (!input.success) return sendApiError(reply, 400, 'invalid-confirmed-case', z.prettifyError(input.error));
    const { communityId, personId, householdId } = input.data;
    if (!(await compoundInScope(deps.db, user.scope, communityId)))
      return sendApiError(reply, 404, 'community-not-found', `no community ${communityId}`);
    // The person and household must be the compound's own, not a neighbour's.
    const inCommunity = (table: 'persons' | 'households', id: string) =>
      deps.db.selectFrom(table).select('id').where('id', '=', id).where('community_id', '=', communityId).executeTakeFirst();
    if (personId !== null && !(await inCommunity('persons', personId))) {
      return sendApiError(reply, 404, 'person-not-found', `no roster person ${personId}`);
    }
    if (householdId !== null && !(await inCommunity('households', householdId))) {
      return sendApiError(reply, 404, 'household-not-found', `no household ${householdId}`);
    }
    const at = now().toISOString();
    const id = await recordConfirmedCase(deps.db, { case: input.data, userId: user.id, at });
    await audit(request, 'confirmed-case.record', {
      id,
      communityId: input.data.communityId,
      confirmedOn: input.data.confirmedOn,
    });
    return reply.status(201).send({ id });
  });
}
