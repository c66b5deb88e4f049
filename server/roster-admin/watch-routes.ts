import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FollowTreeRequest, type SettingsSource } from '../../protocol/org.ts';
import { sendApiError } from '../http/api-errors.ts';
import { audit } from '../http/audit.ts';
import {
  followTree,
  nodeQuestions,
  nodeRules,
  publishNodeQuestions,
  saveNodeRules,
  settingsNode,
  settingsSource,
  type TreeNode,
} from '../org/inherited-settings.ts';
import { z } from 'zod';
import { QuestionSetInput, WatchEntryInput } from '../../protocol/roster-admin.ts';
import { ScreeningRules } from '../../protocol/roster.ts';
import type { AppDeps } from '../app-deps.ts';
import { parseInput, sendResult } from './admin-result.ts';
import { adminContextOpener, param } from './admin-context.ts';
import { roles, signedInUser } from '../http/route-access.ts';
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
  const clock = deps.now ?? (() => new Date());

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

  /** A node named by `?nodeId=`: the rules and questions are set there for the compounds below. */
  async function atNode(request: FastifyRequest, reply: FastifyReply): Promise<TreeNode | null | 'sent'> {
    const node = await settingsNode(db, request, signedInUser(request).scope);
    if (node !== 'refused') return node;
    sendApiError(reply, 404, 'unknown-node', 'no such node in your scope');
    return 'sent';
  }

  app.get('/api/v1/admin/rules', { config: { access: roles(...COMMUNITY_ROLES) } }, async (request, reply) => {
    const node = await atNode(request, reply);
    if (node === 'sent') return reply;
    if (node) return (await nodeRules(db, node.path)).rules;
    const ctx = await open(request, reply, COMMUNITY_ROLES);
    if (!ctx) return reply;
    return screeningRulesFor(db, ctx.communityId);
  });

  app.put('/api/v1/admin/rules', { config: { access: roles(...COMMUNITY_ROLES) } }, async (request, reply) => {
    const node = await atNode(request, reply);
    if (node === 'sent') return reply;
    const input = parseInput(ScreeningRules, request.body);
    if (node) {
      if (!input.ok) return sendResult(reply, input);
      const saved = await saveNodeRules(db, node, input.value, clock().toISOString());
      const { goal, ...plain } = saved.rules;
      await audit(request, 'rules.update', {
        ...plain,
        goalFeverC: goal?.feverC ?? null,
        goalFindShare: goal?.findShare ?? null,
        nodeId: node.id,
        compounds: saved.compounds,
      });
      return saved.rules;
    }
    const ctx = await open(request, reply, COMMUNITY_ROLES);
    if (!ctx) return reply;
    if (!input.ok) return sendResult(reply, input);
    const rules = await saveScreeningRules(db, ctx.communityId, input.value, ctx.now);
    const { goal, ...plain } = rules;
    await ctx.audit('rules.update', { ...plain, goalFeverC: goal?.feverC ?? null, goalFindShare: goal?.findShare ?? null });
    return rules;
  });

  app.get('/api/v1/admin/questions', { config: { access: roles(...COMMUNITY_ROLES) } }, async (request, reply) => {
    const node = await atNode(request, reply);
    if (node === 'sent') return reply;
    if (node) return (await nodeQuestions(db, node.path)).view;
    const ctx = await open(request, reply, COMMUNITY_ROLES);
    if (!ctx) return reply;
    return questionSets(db, ctx.communityId);
  });

  app.put('/api/v1/admin/questions', { config: { access: roles(...COMMUNITY_ROLES) } }, async (request, reply) => {
    const node = await atNode(request, reply);
    if (node === 'sent') return reply;
    const input = parseInput(QuestionSetInput, request.body);
    if (node) {
      if (!input.ok) return sendResult(reply, input);
      const published = await publishNodeQuestions(db, node, input.value.questions, clock().toISOString());
      await audit(request, 'questions.publish', {
        version: published.set.version,
        nodeId: node.id,
        compounds: published.compounds,
      });
      return published.set;
    }
    const ctx = await open(request, reply, COMMUNITY_ROLES);
    if (!ctx) return reply;
    if (!input.ok) return sendResult(reply, input);
    const published = await publishQuestionSet(db, ctx.communityId, input.value.questions, ctx.now);
    await ctx.audit('questions.publish', { version: published.version });
    return published;
  });

  app.get('/api/v1/admin/settings-source', { config: { access: roles(...COMMUNITY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, COMMUNITY_ROLES);
    if (!ctx) return reply;
    const body: SettingsSource = await settingsSource(db, ctx.communityId);
    return body;
  });

  app.post('/api/v1/admin/follow-tree', { config: { access: roles(...COMMUNITY_ROLES) } }, async (request, reply) => {
    const ctx = await open(request, reply, COMMUNITY_ROLES);
    if (!ctx) return reply;
    const input = parseInput(FollowTreeRequest, request.body);
    if (!input.ok) return sendResult(reply, input);
    const result = await followTree(db, ctx.communityId, input.value, ctx.now);
    await ctx.audit('rules.follow-tree', { ...input.value, rulesFrom: result.rulesFrom, questionsFrom: result.questionsFrom });
    const body: SettingsSource = await settingsSource(db, ctx.communityId);
    return body;
  });
}
