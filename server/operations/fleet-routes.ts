import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { GateReport, type HeartbeatAnswer } from '../../protocol/fleet.ts';
import type { Database } from '../db/schema.ts';
import type { Kysely } from 'kysely';
import { sendApiError } from '../http/api-errors.ts';
import { audit } from '../http/audit.ts';
import { authenticatedDevice, DEVICE, roles, signedInUser } from '../http/route-access.ts';
import { compoundIdsIn, gateIdsIn, isTopScope, requestScope } from '../org/scope.ts';
import { databaseIdentityOf } from './database-identity.ts';
import { fleetView, OPENING_HOURS, recordHeartbeat } from './fleet.ts';
import { gateProtocol } from './protocol-check.ts';

const OpeningHoursUpdate = z.object({ openingHours: z.string().regex(OPENING_HOURS).nullable() });

/** The gates' heartbeat and the admin's fleet page (docs/operations.md, "Watching the gates"). */
export function registerFleetRoutes(
  app: FastifyInstance,
  deps: { db: Kysely<Database>; now: () => Date; silentAfterMinutes?: number },
): void {
  const { db, now } = deps;

  app.post('/api/v1/device/heartbeat', { config: { access: DEVICE } }, async (request, reply) => {
    const device = authenticatedDevice(request);
    const report = GateReport.safeParse(request.body);
    if (!report.success) return sendApiError(reply, 400, 'invalid-report', z.prettifyError(report.error));
    const at = now();
    await recordHeartbeat(db, device.id, report.data, gateProtocol(request) ?? 0, at);
    const answer: HeartbeatAnswer = { serverTime: at.toISOString(), database: await databaseIdentityOf(db) };
    return answer;
  });

  app.get('/api/v1/admin/fleet', { config: { access: roles('admin') } }, async (request, reply) => {
    const scope = await requestScope(db, request, reply);
    if (!scope) return reply;
    const communityIds = isTopScope(scope) ? undefined : (await compoundIdsIn(db, scope).execute()).map((row) => row.id);
    return fleetView(db, { now: now(), silentAfterMinutes: deps.silentAfterMinutes, ...(communityIds ? { communityIds } : {}) });
  });

  app.put<{ Params: { gateId: string } }>(
    '/api/v1/admin/gates/:gateId/opening-hours',
    { config: { access: roles('admin') } },
    async (request, reply) => {
      const parsed = OpeningHoursUpdate.safeParse(request.body);
      if (!parsed.success)
        return sendApiError(reply, 400, 'invalid-opening-hours', 'opening hours are HH:MM-HH:MM, or null for always');
      const result = await db
        .updateTable('gates')
        .set({ opening_hours: parsed.data.openingHours })
        .where('id', '=', request.params.gateId)
        .where('id', 'in', gateIdsIn(db, signedInUser(request).scope))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return sendApiError(reply, 404, 'not-found', 'no such gate');
      await audit(request, 'roster.gate.update', { gateId: request.params.gateId, openingHours: parsed.data.openingHours });
      return { gateId: request.params.gateId, openingHours: parsed.data.openingHours };
    },
  );
}
