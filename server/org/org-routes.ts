import type { FastifyInstance } from 'fastify';
import { OrgNodeCreateRequest, TimeZoneRequest, type OrgTreeResponse } from '../../protocol/org.ts';
import type { AppDeps } from '../app-deps.ts';
import { audit } from '../http/audit.ts';
import { roles, signedInUser } from '../http/route-access.ts';
import { parseInput, sendResult } from '../roster-admin/admin-result.ts';
import { param } from '../roster-admin/admin-context.ts';
import { STAFF_ROLES } from '../roster-admin/community-scope.ts';
import { createOrgNode, orgTree, setTimeZone } from './org-tree.ts';
import { requestScope } from './scope.ts';

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
}
