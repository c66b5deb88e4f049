import type { FastifyInstance } from 'fastify';
import {
  LevelNames,
  OrgNodeCreateRequest,
  OrgNodeRenameRequest,
  TimeZoneRequest,
  type OrgTreeResponse,
} from '../../protocol/org.ts';
import { sendApiError } from '../http/api-errors.ts';
import type { AppDeps } from '../app-deps.ts';
import { audit } from '../http/audit.ts';
import { roles, signedInUser } from '../http/route-access.ts';
import { parseInput, sendResult } from '../roster-admin/admin-result.ts';
import { param } from '../roster-admin/admin-context.ts';
import { STAFF_ROLES } from '../roster-admin/community-scope.ts';
import { createOrgNode, orgTree, renameOrgNode, saveLevelNames, setTimeZone } from './org-tree.ts';
import { isTopScope, requestScope } from './scope.ts';

/** The organisation tree: staff read their part of it; admins add nodes and set time zones inside theirs. */
export function registerOrgRoutes(app: FastifyInstance, deps: AppDeps): void {
  const now = deps.now ?? (() => new Date());

  app.get('/api/v1/org/tree', { config: { access: roles(...STAFF_ROLES) } }, async (request, reply) => {
    const scope = await requestScope(deps.db, request, reply);
    if (!scope) return reply;
    const body: OrgTreeResponse = await orgTree(deps.db, scope);
    return body;
  });

  app.post('/api/v1/org/nodes', { config: { access: roles('admin') } }, async (request, reply) => {
    const input = parseInput(OrgNodeCreateRequest, request.body);
    if (!input.ok) return sendResult(reply, input);
    const result = await createOrgNode(deps.db, input.value, signedInUser(request).scope, now().toISOString());
    if (result.ok)
      await audit(request, 'org.node.create', {
        nodeId: result.value.id,
        level: result.value.level,
        parentId: result.value.parentId,
      });
    return sendResult(reply, result, 201);
  });

  app.put('/api/v1/org/nodes/:id/time-zone', { config: { access: roles('admin') } }, async (request, reply) => {
    const input = parseInput(TimeZoneRequest, request.body);
    if (!input.ok) return sendResult(reply, input);
    const id = param(request, 'id');
    const result = await setTimeZone(deps.db, id, input.value.timeZone, signedInUser(request).scope);
    if (result.ok)
      await audit(request, 'org.time-zone', { nodeId: id, timeZone: input.value.timeZone, compounds: result.value.compounds });
    return sendResult(reply, result);
  });

  app.put('/api/v1/org/nodes/:id/name', { config: { access: roles('admin') } }, async (request, reply) => {
    const input = parseInput(OrgNodeRenameRequest, request.body);
    if (!input.ok) return sendResult(reply, input);
    const id = param(request, 'id');
    const result = await renameOrgNode(deps.db, id, input.value.name, signedInUser(request).scope);
    if (result.ok) await audit(request, 'org.node.rename', { nodeId: id, name: input.value.name });
    return sendResult(reply, result);
  });

  // The levels' names are the whole server's: a street's admin must not rename the district's levels.
  app.put('/api/v1/org/level-names', { config: { access: roles('admin') } }, async (request, reply) => {
    if (!isTopScope(signedInUser(request).scope))
      return sendApiError(reply, 403, 'outside-scope', 'the levels are named for the whole server, by its top administrators');
    const input = parseInput(LevelNames, request.body);
    if (!input.ok) return sendResult(reply, input);
    const names = await saveLevelNames(deps.db, input.value, now().toISOString());
    await audit(request, 'org.level-names', {});
    return names;
  });
}
