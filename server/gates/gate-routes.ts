import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DeviceConfig } from '../../protocol/roster.ts';
import { SyncBatchRequest, type SyncBatchResponse } from '../../protocol/sync.ts';
import { sendApiError } from '../http/api-errors.ts';
import type { AppDeps } from '../app-deps.ts';
import { ingestEntries, type AuthenticatedDevice } from './ingest.ts';
import { publishFevers } from '../review/live-events.ts';
import { authenticatedDevice, DEVICE } from '../http/route-access.ts';
import { exportPassPublicKey } from '../roster-admin/passes.ts';
import { communityDate } from '../../protocol/community-date.ts';
import { rosterForDevice, rosterStateForDevice } from './roster-snapshot.ts';
import { etagMatches, rosterEtag } from '../roster-admin/roster-version.ts';
import { databaseIdentityOf } from '../operations/database-identity.ts';
import { guardPinHashes } from '../accounts/guard-accounts.ts';
import type { GuardPinList } from '../../protocol/guard-pin.ts';

/** Routes a gate service calls with its device token. */
export function registerGateRoutes(app: FastifyInstance, deps: AppDeps): void {
  const now = deps.now ?? (() => new Date());

  // The access hook (route-access.ts) has already refused a missing, unknown or revoked token.
  async function requireDevice(request: FastifyRequest, _reply: FastifyReply): Promise<AuthenticatedDevice | null> {
    return authenticatedDevice(request);
  }

  app.post('/api/v1/ingest', { config: { access: DEVICE, nulTextPerRecord: true } }, async (request, reply) => {
    const device = await requireDevice(request, reply);
    if (!device) return reply;
    const batch = SyncBatchRequest.safeParse(request.body);
    if (!batch.success) return sendApiError(reply, 400, 'invalid-batch', z.prettifyError(batch.error));
    const receivedAt = now().toISOString();
    const results = await ingestEntries(deps.db, device, batch.data.entries, receivedAt);
    app.metrics.ingested(results);
    // After the commit: a console is told only about fevers that are really stored, and only once.
    if (deps.liveEvents) await publishFevers(deps.db, deps.liveEvents, batch.data.entries, results);
    const rejected = results.filter((r) => r.status === 'rejected').length;
    request.log.info({ deviceId: device.id, batchId: batch.data.batchId, records: results.length, rejected }, 'batch ingested');
    const database = await databaseIdentityOf(deps.db);
    const response: SyncBatchResponse = { batchId: batch.data.batchId, receivedAt, results, database };
    return response;
  });

  app.get('/api/v1/device/config', { config: { access: DEVICE } }, async (request, reply) => {
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

  app.get('/api/v1/roster', { config: { access: DEVICE } }, async (request, reply) => {
    const device = await requireDevice(request, reply);
    if (!device) return reply;
    const at = now();
    const state = await rosterStateForDevice(deps.db, device);
    const etag = rosterEtag({
      version: state.version,
      deviceId: device.id,
      gateId: device.gateId,
      // The roster changes with the compound's own date (watch periods, passes), not the server's.
      today: communityDate(at, state.timeZone),
      guardsTag: state.guardsTag,
    });
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (etagMatches(request.headers['if-none-match'], etag)) return reply.status(304).send();
    return rosterForDevice(deps.db, device, at.toISOString());
  });

  // The gate keeps these in a store of its own and checks PINs itself; it never serves them on.
  app.get('/api/v1/guard-pins', { config: { access: DEVICE } }, async (request, reply) => {
    const device = await requireDevice(request, reply);
    if (!device) return reply;
    const body: GuardPinList = { guards: await guardPinHashes(deps.db, device.communityId) };
    const etag = `"guard-pins-${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 22)}"`;
    reply.header('etag', etag).header('cache-control', 'no-store');
    if (etagMatches(request.headers['if-none-match'], etag)) return reply.status(304).send();
    request.log.info({ deviceId: device.id, guards: body.guards.length }, 'guard PINs sent to a gate');
    return body;
  });
}
