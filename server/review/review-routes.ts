import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ContactsQuery,
  FiguresQuery,
  PersonSearchQuery,
  SweepQuery,
  TimelineQuery,
  type FiguresResponse,
  type GateCompound,
  type GateListResponse,
  type PersonSearchResponse,
} from '../../protocol/review-queries.ts';
import { sendApiError } from '../http/api-errors.ts';
import type { AppDeps } from '../app-deps.ts';
import { FIGURES, PERSONAL_DATA } from './review-access.ts';
import { audit } from '../http/audit.ts';
import { summarizeFigures } from './figures.ts';
import { findContacts } from './contacts.ts';
import { searchPersons } from './person-summaries.ts';
import { maskResidentId } from '../../protocol/resident-id.ts';
import { occupancySweep } from './sweep.ts';
import { personTimeline } from './timeline.ts';
import { gateIdsIn, requestScope } from '../org/scope.ts';

const compoundIdsOf = (compounds: readonly GateCompound[]) => [...new Set(compounds.map((c) => c.compoundId))].sort();

const PersonParams = z.object({ personId: z.string().min(1).max(64) });

/** Person search, timeline, contacts, occupancy sweep and figures. Every look at personal data is audited. */
export function registerReviewRoutes(app: FastifyInstance, deps: AppDeps): void {
  const now = deps.now ?? (() => new Date());

  app.get('/api/v1/review/gates', { config: { access: FIGURES } }, async (request, reply) => {
    const scope = await requestScope(deps.db, request, reply);
    if (!scope) return reply;
    const gates = await deps.db
      .selectFrom('gates')
      .select(['id', 'name', 'community_id as communityId'])
      .where('id', 'in', gateIdsIn(deps.db, scope))
      .orderBy('name')
      .execute();
    const body: GateListResponse = { gates };
    return body;
  });

  app.get('/api/v1/review/persons', { config: { access: PERSONAL_DATA } }, async (request, reply) => {
    const scope = await requestScope(deps.db, request, reply);
    if (!scope) return reply;
    const query = PersonSearchQuery.safeParse(request.query);
    if (!query.success) return sendApiError(reply, 400, 'invalid-query', z.prettifyError(query.error));
    const persons = await searchPersons(deps.db, query.data.q, scope);
    // A whole ID number typed into the search is audited masked: the audit log keeps no clear one.
    const typed = query.data.q.replace(/\d{14}[\dXx]{1,4}/g, (run) => maskResidentId(run));
    await audit(request, 'persons.search', { q: typed, count: persons.length });
    const body: PersonSearchResponse = { persons };
    return body;
  });

  app.get('/api/v1/review/persons/:personId/timeline', { config: { access: PERSONAL_DATA } }, async (request, reply) => {
    const scope = await requestScope(deps.db, request, reply);
    if (!scope) return reply;
    const params = PersonParams.safeParse(request.params);
    const query = TimelineQuery.safeParse(request.query);
    if (!params.success) return sendApiError(reply, 400, 'invalid-person', z.prettifyError(params.error));
    if (!query.success) return sendApiError(reply, 400, 'invalid-query', z.prettifyError(query.error));
    const timeline = await personTimeline(deps.db, params.data.personId, query.data.days, now(), scope);
    if (!timeline) return sendApiError(reply, 404, 'person-not-found', `no roster person ${params.data.personId}`);
    // A look-up across compounds is its own action, naming the compounds the person was found in.
    await audit(request, timeline.tracedAcross ? 'trace.timeline' : 'person.timeline', {
      personId: params.data.personId,
      days: query.data.days,
      count: timeline.entries.length,
      ...(timeline.tracedAcross ? { compounds: compoundIdsOf(timeline.compounds) } : {}),
    });
    return timeline;
  });

  app.get('/api/v1/review/contacts', { config: { access: PERSONAL_DATA } }, async (request, reply) => {
    const scope = await requestScope(deps.db, request, reply);
    if (!scope) return reply;
    const query = ContactsQuery.safeParse(request.query);
    if (!query.success) return sendApiError(reply, 400, 'invalid-query', z.prettifyError(query.error));
    const found = await findContacts(deps.db, query.data, now(), scope);
    if (!found.ok) return sendApiError(reply, 404, found.reason, `no entry ${query.data.entryId ?? ''}`);
    await audit(request, found.value.tracedAcross ? 'trace.contacts' : 'contacts.lookup', {
      ...query.data,
      sources: found.value.sources.length,
      contacts: found.value.contacts.length,
      ...(found.value.tracedAcross ? { compounds: compoundIdsOf(found.value.compounds) } : {}),
    });
    return found.value;
  });

  app.get('/api/v1/review/sweep', { config: { access: FIGURES } }, async (request, reply) => {
    const scope = await requestScope(deps.db, request, reply);
    if (!scope) return reply;
    const query = SweepQuery.safeParse(request.query);
    if (!query.success) return sendApiError(reply, 400, 'invalid-query', z.prettifyError(query.error));
    const sweep = await occupancySweep(deps.db, query.data.days, now(), scope);
    await audit(request, 'sweep.view', {
      days: query.data.days,
      quietHouseholds: sweep.quietHouseholds.length,
      offRoster: sweep.offRoster.length,
    });
    return sweep;
  });

  app.get('/api/v1/review/figures', { config: { access: FIGURES } }, async (request, reply) => {
    const scope = await requestScope(deps.db, request, reply);
    if (!scope) return reply;
    const query = FiguresQuery.safeParse(request.query);
    if (!query.success) return sendApiError(reply, 400, 'invalid-query', z.prettifyError(query.error));
    const body: FiguresResponse = await summarizeFigures(deps.db, query.data, scope);
    return body;
  });
}
