import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { DeviceEnrollRequest, type DeviceEnrollResponse, type DeviceListResponse } from '../../protocol/accounts.ts';
import { sendApiError } from '../http/api-errors.ts';
import { audit } from '../http/audit.ts';
import { enrollDeviceAtGate, listDevices, listGates, revokeDevice } from './devices.ts';
import { roles, signedInUser } from '../http/route-access.ts';
import { requestScope } from '../org/scope.ts';

/** Admin routes: enrol a gate device (its token shown once), list devices by gate, revoke. */
export function registerDevicesRoutes(app: FastifyInstance, now: () => Date): void {
  const admin = { config: { access: roles('admin') } };

  app.get('/api/v1/devices', admin, async (request, reply) => {
    const scope = await requestScope(app.auditTrail.db, request, reply);
    if (!scope) return reply;
    const body: DeviceListResponse = {
      gates: await listGates(app.auditTrail.db, scope),
      devices: await listDevices(app.auditTrail.db, scope),
    };
    return body;
  });

  app.post('/api/v1/devices', admin, async (request, reply) => {
    const parsed = DeviceEnrollRequest.safeParse(request.body);
    if (!parsed.success) return sendApiError(reply, 400, 'invalid-device', z.prettifyError(parsed.error));
    const enrolledAt = now().toISOString();
    const outcome = await enrollDeviceAtGate(app.auditTrail.db, { ...parsed.data, now: enrolledAt }, signedInUser(request).scope);
    if (!outcome.ok) return sendApiError(reply, outcome.reason === 'unknown-gate' ? 404 : 409, outcome.reason, outcome.message);
    await audit(request, 'device.enroll', { deviceId: outcome.deviceId, gateId: parsed.data.gateId });
    const body: DeviceEnrollResponse = {
      deviceId: outcome.deviceId,
      gateId: parsed.data.gateId,
      token: outcome.token,
      enrolledAt,
    };
    // The token is a credential: no cache may keep the only copy of it.
    reply.header('cache-control', 'no-store');
    return reply.status(201).send(body);
  });

  app.post<{ Params: { id: string } }>('/api/v1/devices/:id/revoke', admin, async (request, reply) => {
    const found = await revokeDevice(app.auditTrail.db, request.params.id, now().toISOString(), signedInUser(request).scope);
    if (!found) return sendApiError(reply, 404, 'unknown-device', `no device ${request.params.id}`);
    await audit(request, 'device.revoke', { deviceId: request.params.id });
    return { ok: true };
  });
}
