import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DeviceConfig } from '../protocol/roster.ts';
import { SyncBatchRequest, type SyncBatchResponse } from '../protocol/sync.ts';
import { describeZodError, sendApiError } from './api-errors.ts';
import type { AppDeps } from './app.ts';
import { authenticateDevice } from './devices.ts';
import { ingestEntries, type AuthenticatedDevice } from './ingest.ts';
import { exportPassPublicKey } from './passes.ts';
import { communityDate } from './community-date.ts';
import { rosterForDevice, rosterStateForDevice } from './roster.ts';
import { etagMatches, rosterEtag } from './roster-version.ts';

/** Routes a gate service calls with its device token. */
export function registerDeviceRoutes(app: FastifyInstance, deps: AppDeps): void {
  const now = deps.now ?? (() => new Date());

  async function requireDevice(request: FastifyRequest, reply: FastifyReply): Promise<AuthenticatedDevice | null> {
    const device = await authenticateDevice(deps.db, request.headers.authorization);
    if (!device) sendApiError(reply, 401, 'device-unauthorized', 'missing, unknown or revoked device token');
    return device;
  }

  app.post('/api/v1/ingest', async (request, reply) => {
    const device = await requireDevice(request, reply);
    if (!device) return reply;
    const batch = SyncBatchRequest.safeParse(request.body);
    if (!batch.success) return sendApiError(reply, 400, 'invalid-batch', describeZodError(batch.error));
    const receivedAt = now().toISOString();
    const results = await ingestEntries(deps.db, device, batch.data.entries, receivedAt);
    const rejected = results.filter((r) => r.status === 'rejected').length;
    request.log.info({ deviceId: device.id, batchId: batch.data.batchId, records: results.length, rejected }, 'batch ingested');
    const response: SyncBatchResponse = { batchId: batch.data.batchId, receivedAt, results };
    return response;
  });

  app.get('/api/v1/device/config', async (request, reply) => {
    const device = await requireDevice(request, reply);
    if (!device) return reply;
    const config: DeviceConfig = {
      deviceId: device.id,
      gateId: device.gateId,
      communityId: device.communityId,
      passPublicKey: exportPassPublicKey(deps.keys.passPublicKey),
      idHashKey: deps.keys.idHashKey.toString('hex'),
    };
    return config;
  });

  app.get('/api/v1/roster', async (request, reply) => {
    const device = await requireDevice(request, reply);
    if (!device) return reply;
    const at = now();
    const state = await rosterStateForDevice(deps.db, device);
    const etag = rosterEtag({ version: state.version, deviceId: device.id, gateId: device.gateId, today: communityDate(at) });
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (etagMatches(request.headers['if-none-match'], etag)) return reply.status(304).send();
    return rosterForDevice(deps.db, device, at.toISOString());
  });
}
