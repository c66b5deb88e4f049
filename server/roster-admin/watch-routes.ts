import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { QuestionSetInput, WatchEntryInput } from '../../protocol/roster-admin.ts';
import { ScreeningRules } from '../../protocol/roster.ts';
import type { AppDeps } from '../app-deps.ts';
import { parseInput, sendResult } from './admin-result.ts';
import { adminContextOpener, param } from './admin-context.ts';
import { roles } from '../http/route-access.ts';
import type { RequireUser } from '../accounts/session-routes.ts';
import { COMMUNITY_ROLES } from './community-scope.ts';
import { publishQuestionSet, questionSets, saveScreeningRules } from './rules.ts';
import { screeningRulesFor } from '../gates/roster-snapshot.ts';
import { addWatchEntry, listWatchEntries, releaseWatchEntry, updateWatchEntry } from './watch-list.ts';

const WatchListQuery = z.object({ include: z.enum(['active', 'all']).default('active') });

/** Community staff's watch list, screening rules and question sets. */
export function registerWatchRoutes(app: FastifyInstance, deps: AppDeps, requireUser: RequireUser): void {
  const { db } = deps;
  const open = adminContextOpener(deps, requireUser);

  app.get('/api/v1/admin/watch', { config: { access: roles(...COMMUNITY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, COMMUNITY_ROLES);
    if (!ctx) return reply;
    const query = parseInput(WatchListQuery, request.query, 'invalid-query');
    if (!query.ok) return sendResult(reply, query);
    const watch = await listWatchEntries(db, ctx.communityId, ctx.today, { includeEnded: query.value.include === 'all' });
    await ctx.audit('watch.view', { include: query.value.include, count: watch.length });
    return { watch, today: ctx.today };
  });

  app.post('/api/v1/admin/watch', { config: { access: roles(...COMMUNITY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, COMMUNITY_ROLES);
    if (!ctx) return reply;
    const input = parseInput(WatchEntryInput, request.body);
    if (!input.ok) return sendResult(reply, input);
    const result = await addWatchEntry(db, ctx.communityId, input.value, ctx.now, ctx.today);
    if (result.ok) await ctx.audit('watch.create', { watchEntryId: result.value.id, kind: result.value.kind });
    return sendResult(reply, result, 201);
  });

  app.put('/api/v1/admin/watch/:id', { config: { access: roles(...COMMUNITY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, COMMUNITY_ROLES);
    if (!ctx) return reply;
    const input = parseInput(WatchEntryInput, request.body);
    if (!input.ok) return sendResult(reply, input);
    const result = await updateWatchEntry(db, ctx.communityId, param(request, 'id'), input.value, ctx.today);
    if (result.ok) await ctx.audit('watch.update', { watchEntryId: result.value.id });
    return sendResult(reply, result);
  });

  app.post('/api/v1/admin/watch/:id/release', { config: { access: roles(...COMMUNITY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, COMMUNITY_ROLES);
    if (!ctx) return reply;
    const result = await releaseWatchEntry(db, ctx.communityId, param(request, 'id'), ctx.now, ctx.today);
    if (result.ok) await ctx.audit('watch.release', { watchEntryId: result.value.id });
    return sendResult(reply, result);
  });

  app.get('/api/v1/admin/rules', { config: { access: roles(...COMMUNITY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, COMMUNITY_ROLES);
    if (!ctx) return reply;
    return screeningRulesFor(db, ctx.communityId);
  });

  app.put('/api/v1/admin/rules', { config: { access: roles(...COMMUNITY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, COMMUNITY_ROLES);
    if (!ctx) return reply;
    const input = parseInput(ScreeningRules, request.body);
    if (!input.ok) return sendResult(reply, input);
    const rules = await saveScreeningRules(db, ctx.communityId, input.value, ctx.now);
    const { goal, ...plain } = rules;
    await ctx.audit('rules.update', { ...plain, goalFeverC: goal?.feverC ?? null, goalFindShare: goal?.findShare ?? null });
    return rules;
  });

  app.get('/api/v1/admin/questions', { config: { access: roles(...COMMUNITY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, COMMUNITY_ROLES);
    if (!ctx) return reply;
    return questionSets(db, ctx.communityId);
  });

  app.put('/api/v1/admin/questions', { config: { access: roles(...COMMUNITY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, COMMUNITY_ROLES);
    if (!ctx) return reply;
    const input = parseInput(QuestionSetInput, request.body);
    if (!input.ok) return sendResult(reply, input);
    const published = await publishQuestionSet(db, ctx.communityId, input.value.questions, ctx.now);
    await ctx.audit('questions.publish', { version: published.version });
    return published;
  });
}
